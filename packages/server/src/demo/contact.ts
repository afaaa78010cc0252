import type { Random } from "./random.js";

/** Prefixes of Indonesian mobile operators (Telkomsel, Indosat, XL, Tri). */
const mobilePrefixes = ["0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0814", "0815", "0816", "0855", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0895", "0896", "0897", "0898"];

/** A 12-digit mobile number, "08xx" then eight digits. */
export function phoneNumber(random: Random): string {
  return `${random.pick(mobilePrefixes)}${String(random.int(0, 99_999_999)).padStart(8, "0")}`;
}

const mailDomains = ["gmail.com", "gmail.com", "gmail.com", "yahoo.co.id", "yahoo.com"];

/** About a third of people give an email, made from their name as people do. */
export function emailFor(random: Random, fullName: string): string | null {
  if (!random.chance(0.35)) return null;
  // The last two words: "I Made Sudarma" gives made.sudarma, not i.made.
  const words = fullName.toLowerCase().replace(/[^a-z ]/g, "").split(" ").slice(-2);
  return `${words.join(".")}${random.int(1, 99)}@${random.pick(mailDomains)}`;
}
