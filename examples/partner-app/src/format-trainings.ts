import type { TrainingSummaryFragment } from "@p3pd/sdk";
import { alignedRows } from "./columns.js";
import { regionHeading } from "./level-labels.js";
import type { NearbyTrainings } from "./nearby-trainings.js";

/**
 * The trainings near a region as text: a heading saying where they are held (the region, or its
 * parent when the region has none), then one aligned line per training.
 */
export function formatTrainings({ region, heldIn, trainings }: NearbyTrainings): string {
  const asked = regionHeading(region);
  const fellBack = heldIn.code !== region.code;
  if (trainings.length === 0) {
    const where = fellBack ? `${asked}, nor in its parent ${regionHeading(heldIn)}` : asked;
    return `No trainings are held in ${where}.\n`;
  }
  const heading = fellBack
    ? `No trainings are held in ${asked}; in its parent ${regionHeading(heldIn)} (${trainings.length}):`
    : `Trainings held in ${asked} (${trainings.length}):`;
  return `${[heading, ...alignedRows(trainings.map(trainingRow))].join("\n")}\n`;
}

/** Title, level, status, dates and where it is held. */
function trainingRow(training: TrainingSummaryFragment): string[] {
  const dates = training.startsOn ? `${training.startsOn}..${training.endsOn ?? "?"}` : "dates not set";
  return [training.title, training.level, training.status, dates, `${training.region.code} ${training.region.name}`];
}
