/**
 * Kemendagri codes: province `73` → kabupaten/kota `73.71` → kecamatan `73.71.01` →
 * village `73.71.01.1001`. The shape of a code tells its level.
 */
export const regionLevels = ["PROVINCE", "KABUPATEN", "KECAMATAN", "VILLAGE"] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** The GraphQL object type of each level's regions. */
export const typeNameOfLevel = {
  PROVINCE: "Province",
  KABUPATEN: "Kabupaten",
  KECAMATAN: "Kecamatan",
  VILLAGE: "Village",
} as const satisfies Record<RegionLevel, string>;

export const codePatterns: Record<RegionLevel, RegExp> = {
  PROVINCE: /^\d{2}$/,
  KABUPATEN: /^\d{2}\.\d{2}$/,
  KECAMATAN: /^\d{2}\.\d{2}\.\d{2}$/,
  VILLAGE: /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/,
};

const examples: Record<RegionLevel, string> = {
  PROVINCE: "73",
  KABUPATEN: "73.71",
  KECAMATAN: "73.71.01",
  VILLAGE: "73.71.01.1001",
};

/** The level a well-formed code belongs to, or undefined for a malformed one. */
export function levelOfCode(code: string): RegionLevel | undefined {
  return regionLevels.find((level) => codePatterns[level].test(code));
}

/** Why `code` is not a code of `level` (any level when none is given), or undefined when it is. */
export function codeShapeProblem(code: string, level?: RegionLevel): string | undefined {
  if (level) {
    return codePatterns[level].test(code) ? undefined : `"${code}" is not a ${level.toLowerCase()} code: expected the shape "${examples[level]}".`;
  }
  return levelOfCode(code)
    ? undefined
    : `"${code}" is not a region code: expected one of the shapes ${Object.values(examples).map((e) => `"${e}"`).join(", ")}.`;
}

/** Codes of the regions above `code`, province first: "73.71.01" → ["73", "73.71"]. */
export function ancestorCodes(code: string): string[] {
  const segments = code.split(".");
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join("."));
}
