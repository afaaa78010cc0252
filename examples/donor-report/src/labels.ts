import type { CoverageLevel, Institution, VillageKind } from "@p3pd/sdk";

/** What a level's regions are called, one and many. */
export const levelNouns: Record<CoverageLevel, { one: string; many: string }> = {
  COUNTRY: { one: "Country", many: "Countries" },
  PROVINCE: { one: "Province", many: "Provinces" },
  KABUPATEN: { one: "Kabupaten/kota", many: "Kabupaten/kota" },
  KECAMATAN: { one: "Kecamatan", many: "Kecamatan" },
  VILLAGE: { one: "Village", many: "Villages" },
};

/** The level directly below, whose regions are a report's children. */
export const childLevelOf: Record<CoverageLevel, CoverageLevel | undefined> = {
  COUNTRY: "PROVINCE",
  PROVINCE: "KABUPATEN",
  KABUPATEN: "KECAMATAN",
  KECAMATAN: "VILLAGE",
  VILLAGE: undefined,
};

/** Institutions as the program names them, with an English gloss for donors. */
export const institutionLabels: Record<Institution, string> = {
  INSPEKTORAT: "Inspektorat (inspectorate)",
  BAPPEDA: "Bappeda (development planning)",
  DISDUKCAPIL: "Disdukcapil (civil registry)",
  SETDA_PEMERINTAHAN: "Bagian Pemerintahan Setda (government section)",
  DPMD: "DPMD (community and village empowerment)",
  KECAMATAN: "Kecamatan apparatus",
  FASILITATOR_KECAMATAN: "Fasilitator Kecamatan (kecamatan facilitator)",
  DESA: "Village officials",
  OTHER: "Other",
};

export const villageKindLabels: Record<VillageKind, string> = {
  DESA: "Desa (village)",
  KELURAHAN: "Kelurahan (urban village)",
  DESA_ADAT: "Desa adat (customary village)",
};
