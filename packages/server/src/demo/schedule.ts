import { addDays, daysBetween, mondayOnOrAfter, weekdayOnOrAfter } from "./calendar.js";
import type { Random } from "./random.js";

/** When a demo training ran: ISO dates, both ends included. */
export interface Period {
  startsOn: string;
  endsOn: string;
  days: number;
}

const periodOf = (startsOn: string, days: number): Period => ({ startsOn, endsOn: addDays(startsOn, days - 1), days });

const totDays = 5;
const kecamatanTrainingDays = 3;
const villageSessionDays = 1;

export interface StageDates {
  number: number;
  /** As the source states it, e.g. "March 2024". */
  period: string;
  startsOn: string | null;
  endsOn: string | null;
}

const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * A stage's ToT dates: the stage's own days where the release gives them (stage 2; stage 3's
 * start, with the ToT's usual five days); for a stage known only by month (stage 1, "March
 * 2024"), a Monday of that month whose five days stay in it. One pick per stage, as each stage
 * ran in its provinces at once.
 */
export function stageTotPeriod(random: Random, stage: StageDates): Period {
  if (stage.startsOn && stage.endsOn) return { startsOn: stage.startsOn, endsOn: stage.endsOn, days: daysBetween(stage.startsOn, stage.endsOn) + 1 };
  if (stage.startsOn) return periodOf(stage.startsOn, totDays);
  const match = /^(\w+) (\d{4})$/.exec(stage.period);
  const month = match ? months.indexOf(match[1] ?? "") + 1 : 0;
  if (!match || month === 0) throw new Error(`Stage ${stage.number} has neither dates nor a "Month YYYY" period: "${stage.period}".`);
  const first = `${match[2]}-${String(month).padStart(2, "0")}-01`;
  const mondays = [0, 7, 14, 21, 28].map((week) => addDays(mondayOnOrAfter(first), week));
  const fitting = mondays.filter((monday) => addDays(monday, totDays - 1).slice(0, 7) === first.slice(0, 7));
  return periodOf(random.pick(fitting), totDays);
}

/** A province outside the stages (national scale): a Monday from mid-July to October 2024. */
export function unstagedTotPeriod(random: Random): Period {
  return periodOf(mondayOnOrAfter(addDays("2024-07-15", random.int(0, 105))), totDays);
}

/** Two to eight weeks after the ToT, Monday to Wednesday. */
export function kecamatanTrainingPeriod(random: Random, totEndsOn: string): Period {
  return periodOf(mondayOnOrAfter(addDays(totEndsOn, random.int(14, 56))), kecamatanTrainingDays);
}

/** One to six weeks after the kecamatan training, on a weekday. */
export function villageSessionPeriod(random: Random, trainingEndsOn: string): Period {
  return periodOf(weekdayOnOrAfter(addDays(trainingEndsOn, random.int(7, 42))), villageSessionDays);
}
