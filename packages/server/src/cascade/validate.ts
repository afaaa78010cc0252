import type { Db } from "../db/prisma.js";
import { levelOfCode, type RegionLevel } from "../regions/codes.js";
import { regionTable } from "../regions/queries.js";
import { ValidationError } from "./write-errors.js";

/** Field checks shared by the write operations; each throws a ValidationError naming the field. */

export function requireText(field: string, value: string, maxLength = 200): string {
  const trimmed = value.trim();
  if (trimmed === "") throw new ValidationError(field, `${field} must not be empty.`);
  if (trimmed.length > maxLength) throw new ValidationError(field, `${field} must be at most ${maxLength} characters.`);
  return trimmed;
}

export function optionalText(field: string, value: string | null | undefined, maxLength = 200): string | null {
  return value == null || value.trim() === "" ? null : requireText(field, value, maxLength);
}

export function requireIntInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

export function requireDatesInOrder(startsOn: Date | null, endsOn: Date | null): void {
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new ValidationError("endsOn", "endsOn must not be before startsOn.");
  }
}

const levelNames: Record<RegionLevel, string> = {
  PROVINCE: "province",
  KABUPATEN: "kabupaten/kota",
  KECAMATAN: "kecamatan",
  VILLAGE: "village",
};

/** Checks that `code` names an existing region, of one of `levels` when given; returns its level. */
export async function requireRegion(
  db: Db,
  field: string,
  code: string,
  levels?: readonly RegionLevel[],
): Promise<RegionLevel> {
  const level = levelOfCode(code);
  if (!level) throw new ValidationError(field, `"${code}" is not a region code (e.g. "73", "73.71", "73.71.01", "73.71.01.1001").`);
  if (levels && !levels.includes(level)) {
    const wanted = levels.map((l) => levelNames[l]).join(" or ");
    throw new ValidationError(field, `"${code}" is a ${levelNames[level]} code; a ${wanted} code is needed here.`);
  }
  const found = await regionTable(db, level).count({ where: { code: { in: [code] } } });
  if (found === 0) throw new ValidationError(field, `No ${levelNames[level]} has the code "${code}".`);
  return level;
}
