/**
 * Day arithmetic on ISO dates ("2024-06-18"). Everything stays in UTC, so no machine's time
 * zone can move a date: the demo must come out the same everywhere.
 */
const dayMs = 24 * 60 * 60 * 1000;

const parseIso = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

export function addDays(isoDate: string, days: number): string {
  return new Date(parseIso(isoDate).getTime() + days * dayMs).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (0 when they are the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIso(to).getTime() - parseIso(from).getTime()) / dayMs);
}

/** The date itself when it is a Monday, else the next Monday. */
export function mondayOnOrAfter(isoDate: string): string {
  const weekday = parseIso(isoDate).getUTCDay(); // 0 = Sunday, 1 = Monday
  return addDays(isoDate, (8 - weekday) % 7);
}

/** The date itself from Monday to Friday, else the next Monday. */
export function weekdayOnOrAfter(isoDate: string): string {
  const weekday = parseIso(isoDate).getUTCDay();
  return weekday === 0 || weekday === 6 ? mondayOnOrAfter(isoDate) : isoDate;
}
