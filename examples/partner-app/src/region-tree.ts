import { KabupatenDocument, KecamatanDocument, ProvinceDocument, type P3pdClient, type RegionQuery } from "@p3pd/sdk";

export type Region = NonNullable<RegionQuery["region"]>;

/** One region directly below the one asked for. */
export interface Child {
  code: string;
  name: string;
  /** What matters about it at a glance: its kind and/or how many regions it holds. */
  detail: string;
}

export interface RegionTree {
  region: Region;
  /** What the children are called, e.g. "villages". */
  childNoun: string;
  children: Child[];
}

/** The region with that code, or undefined when no region has it. */
export async function fetchRegion(client: P3pdClient, code: string): Promise<Region | undefined> {
  const { region } = await client.region({ code });
  return region ?? undefined;
}

/** The region with that code and all its direct children, or undefined when no region has it. */
export async function fetchRegionTree(client: P3pdClient, code: string): Promise<RegionTree | undefined> {
  const region = await fetchRegion(client, code);
  if (!region) return undefined;
  return { region, ...(await fetchChildren(client, region)) };
}

/** Every child of the region, all pages of them (`paginate`): one level down, whatever the level. */
async function fetchChildren(client: P3pdClient, region: Region): Promise<Omit<RegionTree, "region">> {
  const { code } = region;
  switch (region.__typename) {
    case "Province": {
      const kabupatens = await client.paginate(ProvinceDocument, { code }).collect();
      return {
        childNoun: "kabupaten/kota",
        children: kabupatens.map(({ code, name, kind, kecamatans }) => ({
          code,
          name,
          detail: `${kind}, kecamatan: ${kecamatans.totalCount}`,
        })),
      };
    }
    case "Kabupaten": {
      const kecamatans = await client.paginate(KabupatenDocument, { code }).collect();
      return {
        childNoun: "kecamatan",
        children: kecamatans.map(({ code, name, villages }) => ({ code, name, detail: `villages: ${villages.totalCount}` })),
      };
    }
    case "Kecamatan": {
      const villages = await client.paginate(KecamatanDocument, { code }).collect();
      return { childNoun: "villages", children: villages.map(({ code, name, kind }) => ({ code, name, detail: kind })) };
    }
    case "Village":
      // The leaves of the tree: nothing below to fetch.
      return { childNoun: "regions", children: [] };
  }
}
