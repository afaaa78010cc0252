import type { GlobalId } from "./global-ids.js";
import { levelOfCode, typeNameOfLevel } from "../regions/codes.js";
import type { RegionLoader } from "../regions/loader.js";
import type { RegionRow } from "../regions/queries.js";

/** Whether the global ID names a region type and a code of that type's level ("Province:73"). */
function isRegionId({ typename, id }: GlobalId): boolean {
  const level = levelOfCode(id);
  return level !== undefined && typeNameOfLevel[level] === typename;
}

/** A region by its global ID, naming its type as the Node interface's type resolver reads it; null when there is none. */
async function loadRegionNode({ typename, id }: GlobalId, regions: RegionLoader): Promise<(RegionRow & { __typename: string }) | null> {
  const row = await regions.load(id);
  return row && { ...row, __typename: typename };
}

/**
 * `nodes(ids:)` with the regions among the IDs read by the request's region loader: one direct
 * statement per level for all of them, where the Prisma plugin's own node loading makes one
 * `findUnique` per ID (batched by Prisma, but mapped row by row: two thirds of a 50-region
 * lookup's time). Every other ID, a region ID whose code is of another level included, goes to
 * the plugin's loading, which answers null for it.
 */
export async function resolveNodesReadingRegions(
  ids: readonly GlobalId[],
  regions: RegionLoader,
  resolveOthers: (ids: GlobalId[]) => Promise<readonly unknown[]>,
): Promise<unknown[]> {
  const isRegion = ids.map(isRegionId);
  const others = ids.filter((_id, index) => !isRegion[index]);
  const [regionNodes, otherNodes] = await Promise.all([
    Promise.all(ids.map((id, index) => (isRegion[index] ? loadRegionNode(id, regions) : null))),
    others.length > 0 ? resolveOthers(others) : [],
  ]);
  let next = 0;
  return ids.map((_id, index) => (isRegion[index] ? regionNodes[index] : otherNodes[next++]));
}

/** `node(id:)` likewise. */
export function resolveNodeReadingRegions(id: GlobalId, regions: RegionLoader, resolveOther: (id: GlobalId) => unknown): unknown {
  return isRegionId(id) ? loadRegionNode(id, regions) : resolveOther(id);
}
