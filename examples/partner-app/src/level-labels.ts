import type { RegionLevel } from "@p3pd/sdk";

/** How a level is named in output: a kabupaten may be a kota, hence the pair. */
const levelLabels: Record<RegionLevel, string> = {
  PROVINCE: "Province",
  KABUPATEN: "Kabupaten/kota",
  KECAMATAN: "Kecamatan",
  VILLAGE: "Village",
};

/** "Kecamatan 73.71.01 Mariso": a region as a heading names it. */
export function regionHeading(region: { level: RegionLevel; code: string; name: string }): string {
  return `${levelLabels[region.level]} ${region.code} ${region.name}`;
}
