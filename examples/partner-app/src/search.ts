import { RegionsDocument, type P3pdClient, type RegionsQuery } from "@p3pd/sdk";

export type FoundRegion = RegionsQuery["regions"]["nodes"][number];

/** Every region, of any level, whose name contains `text` (case-insensitive), in code order. */
export function searchRegions(client: P3pdClient, text: string): Promise<FoundRegion[]> {
  return client.paginate(RegionsDocument, { search: text }).collect();
}
