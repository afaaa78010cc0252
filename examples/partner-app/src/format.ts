import { alignedRows } from "./columns.js";
import { regionHeading } from "./level-labels.js";
import type { Region, RegionTree } from "./region-tree.js";

/** The tree as text: the region, where it lies, then one aligned line per child. */
export function formatRegionTree({ region, childNoun, children }: RegionTree): string {
  const kind = kindOf(region);
  const lines = [`${regionHeading(region)}${kind ? ` (${kind})` : ""}`];
  if (region.ancestors.length > 0) lines.push(`in ${region.ancestors.map((a) => a.name).join(" › ")}`);
  if (region.__typename === "Village") {
    lines.push("A village is a leaf of the tree: there are no regions below it.");
  } else {
    lines.push(`${children.length} ${childNoun}:`);
    lines.push(...alignedRows(children.map(({ code, name, detail }) => [code, name, detail])));
  }
  return `${lines.join("\n")}\n`;
}

/** Kabupaten and villages come in kinds (KOTA, KELURAHAN, …); the other levels do not. */
function kindOf(region: Region): string | undefined {
  if (region.__typename === "Kabupaten") return region.kabupatenKind;
  if (region.__typename === "Village") return region.villageKind;
  return undefined;
}
