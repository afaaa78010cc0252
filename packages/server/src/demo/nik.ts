import type { Gender } from "../db/generated/prisma/enums.js";

/**
 * Issues NIKs (civil ID numbers) laid out as real ones are:
 * - 6 digits: the kecamatan where the person is registered ("73.71.01" → "737101");
 * - 6 digits: the birth date as DDMMYY, with 40 added to the day for women;
 * - 4 digits: a serial from 0001 that tells apart people of the same kecamatan and birth date.
 * Serials skip the NIKs the registry was given as taken (people already in the database), so
 * every NIK it issues is unique there.
 */
export class NikRegistry {
  private readonly issued: Set<string>;
  private readonly lastSerial = new Map<string, number>();

  constructor(taken: Iterable<string> = []) {
    this.issued = new Set(taken);
  }

  /** `birthDate` is "YYYY-MM-DD". */
  issue(kecamatanCode: string, birthDate: string, gender: Gender): string {
    return this.issueWithPrefix(`${kecamatanDigits(kecamatanCode)}${birthDigits(birthDate, gender)}`);
  }

  /** Another NIK of the same kecamatan, birth date and gender as `nik`: the next free serial. */
  issueBeside(nik: string): string {
    if (!/^\d{16}$/.test(nik)) throw new Error("Not a NIK: it must be 16 digits.");
    return this.issueWithPrefix(nik.slice(0, 12));
  }

  private issueWithPrefix(prefix: string): string {
    let serial = this.lastSerial.get(prefix) ?? 0;
    let nik: string;
    do {
      serial++;
      if (serial > 9999) throw new Error(`No NIK serial left for ${prefix}.`);
      nik = `${prefix}${String(serial).padStart(4, "0")}`;
    } while (this.issued.has(nik));
    this.lastSerial.set(prefix, serial);
    this.issued.add(nik);
    return nik;
  }
}

function kecamatanDigits(kecamatanCode: string): string {
  const digits = kecamatanCode.replaceAll(".", "");
  if (!/^\d{6}$/.test(digits)) throw new Error(`Not a kecamatan code: "${kecamatanCode}".`);
  return digits;
}

function birthDigits(birthDate: string, gender: Gender): string {
  const [year = "", month = "", day = ""] = birthDate.split("-");
  const nikDay = Number(day) + (gender === "FEMALE" ? 40 : 0);
  return `${String(nikDay).padStart(2, "0")}${month}${year.slice(2)}`;
}
