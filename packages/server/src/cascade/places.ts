import { levelOfCode, type RegionLevel } from "../regions/codes.js";

/**
 * A region's place in the tree, as the cascade tables store it: the codes of the province,
 * kabupaten, kecamatan and village it lies in, down to its own level.
 * "73.71.01" → { provinceCode: "73", kabupatenCode: "73.71", kecamatanCode: "73.71.01" }.
 */
export interface Place {
  provinceCode: string;
  kabupatenCode: string | null;
  kecamatanCode: string | null;
  villageCode: string | null;
}

export function placeOfCode(code: string): Place {
  const segments = code.split(".");
  const upTo = (count: number) => (segments.length >= count ? segments.slice(0, count).join(".") : null);
  return {
    provinceCode: segments[0] ?? code,
    kabupatenCode: upTo(2),
    kecamatanCode: upTo(3),
    villageCode: upTo(4),
  };
}

/** The code of the deepest region of a place: the inverse of `placeOfCode`. */
export function codeOfPlace(place: Partial<Place> & { provinceCode: string }): string {
  return place.villageCode ?? place.kecamatanCode ?? place.kabupatenCode ?? place.provinceCode;
}

/** The column that holds a region of this level, for "everything in the subtree of X". */
const placeColumnOfLevel = {
  PROVINCE: "provinceCode",
  KABUPATEN: "kabupatenCode",
  KECAMATAN: "kecamatanCode",
  VILLAGE: "villageCode",
} as const satisfies Record<RegionLevel, keyof Place>;

/** `{ kabupatenCode: "73.71" }` for "73.71": the filter for rows placed anywhere under it. */
export function placeFilter(code: string): Partial<Place> {
  const level = levelOfCode(code);
  if (!level) throw new Error(`Not a region code: "${code}"`);
  return { [placeColumnOfLevel[level]]: code };
}

/**
 * Trainings held in the subtree of `code`: the filter on the training's place, or null when
 * nothing can be held there (trainings are held in provinces, kabupaten and kecamatan, never in
 * a village).
 */
export function trainingPlaceFilter(code: string): Partial<Omit<Place, "villageCode">> | null {
  const { villageCode, ...place } = placeFilter(code);
  return villageCode === undefined ? place : null;
}

interface HomeColumns {
  homeProvinceCode: string;
  homeKabupatenCode: string | null;
  homeKecamatanCode: string | null;
  homeVillageCode: string | null;
}

/** A person's home region as the `person` table stores it. */
export function homeColumnsOf(homeRegionCode: string): HomeColumns {
  const place = placeOfCode(homeRegionCode);
  return {
    homeProvinceCode: place.provinceCode,
    homeKabupatenCode: place.kabupatenCode,
    homeKecamatanCode: place.kecamatanCode,
    homeVillageCode: place.villageCode,
  };
}

/** The code of a person's home region, from its stored place. */
export function homeCodeOf(person: HomeColumns): string {
  return person.homeVillageCode ?? person.homeKecamatanCode ?? person.homeKabupatenCode ?? person.homeProvinceCode;
}

/** People whose home lies in the subtree of `code`. */
export function homeWithin(code: string): Partial<HomeColumns> {
  const place = placeFilter(code);
  return {
    ...(place.provinceCode ? { homeProvinceCode: place.provinceCode } : {}),
    ...(place.kabupatenCode ? { homeKabupatenCode: place.kabupatenCode } : {}),
    ...(place.kecamatanCode ? { homeKecamatanCode: place.kecamatanCode } : {}),
    ...(place.villageCode ? { homeVillageCode: place.villageCode } : {}),
  };
}
