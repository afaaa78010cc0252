import { alignedRows } from "./columns.js";
import type { FoundRegion } from "./search.js";

/** The matches of a name search, one aligned line each: code, level, name, and where it lies. */
export function formatSearch(text: string, regions: FoundRegion[]): string {
  if (regions.length === 0) return `No region's name contains "${text}".\n`;
  const rows = regions.map(({ code, level, name, parent }) => [code, level, name, parent ? `in ${parent.name}` : ""]);
  return `${[`Regions whose name contains "${text}" (${regions.length}):`, ...alignedRows(rows)].join("\n")}\n`;
}
