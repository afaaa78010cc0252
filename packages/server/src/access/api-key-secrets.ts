import { createHash, randomInt, timingSafeEqual } from "node:crypto";

/**
 * An API key reads `p3pd_<8 characters>_<32 characters>` (letters and digits). The first part,
 * `p3pd_<8 characters>`, is its prefix: stored in clear, unique, shown in lists and logs. The
 * whole key is stored only as its SHA-256: 190 random bits make a slow password hash pointless
 * (GitHub does the same with its tokens).
 */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const keyPattern = /^(p3pd_[A-Za-z0-9]{8})_[A-Za-z0-9]{32}$/;

function randomText(length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");
}

export interface NewKeySecret {
  /** The whole key: shown once, to whoever created it, then never again. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function newKeySecret(): NewKeySecret {
  const prefix = `p3pd_${randomText(8)}`;
  const key = `${prefix}_${randomText(32)}`;
  return { key, prefix, secretHash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The prefix of a well-formed key, or null when the text cannot be one of our keys. */
export function prefixOfKey(key: string): string | null {
  return keyPattern.exec(key)?.[1] ?? null;
}

/** Compares in constant time, so response timing says nothing about how much of a secret matched. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}
