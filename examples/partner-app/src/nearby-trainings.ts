import { RegionTrainingsDocument, type P3pdClient, type RegionSummaryFragment, type TrainingSummaryFragment } from "@p3pd/sdk";
import type { Region } from "./region-tree.js";

export interface NearbyTrainings {
  /** The region asked for. */
  region: Region;
  /**
   * Where the trainings listed are held (and below): the region itself, or its parent when the
   * region's own subtree holds none.
   */
  heldIn: RegionSummaryFragment;
  trainings: TrainingSummaryFragment[];
}

/**
 * The trainings held in the region's subtree; when there are none (a village never holds one), those
 * of its parent, so a partner sees the nearest ones.
 */
export async function fetchNearbyTrainings(client: P3pdClient, region: Region): Promise<NearbyTrainings> {
  // Trainings are held in a province, kabupaten or kecamatan (a village session is the lowest
  // level), so a village's own list is empty without asking.
  const own = region.__typename === "Village" ? [] : await trainingsIn(client, region.code);
  const parent = region.ancestors.at(-1);
  if (own.length > 0 || !parent) return { region, heldIn: region, trainings: own };
  return { region, heldIn: parent, trainings: await trainingsIn(client, parent.code) };
}

function trainingsIn(client: P3pdClient, code: string): Promise<TrainingSummaryFragment[]> {
  return client.paginate(RegionTrainingsDocument, { code }).collect();
}
