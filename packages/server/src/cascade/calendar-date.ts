/**
 * Calendar days as the API takes them ("2024-06-18"): no time, no zone. The range is the
 * program's plausible one with room to spare; it keeps every accepted day one PostgreSQL's `date`
 * and JavaScript's Date both hold (PostgreSQL has no year 0, JavaScript has one).
 */
export const earliestDay = "1900-01-01";
export const latestDay = "2199-12-31";

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** The day `text` names, or a sentence saying what was expected. */
export function parseCalendarDay(text: unknown): Date | string {
  const expected = `a date like "2024-06-18", from ${earliestDay} to ${latestDay}`;
  if (typeof text !== "string" || !isoDatePattern.test(text)) return `Expected ${expected}, got ${JSON.stringify(text)}.`;
  const day = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return `Expected ${expected}, got "${text}", which is no calendar day.`;
  if (text < earliestDay || text > latestDay) return `Expected ${expected}, got "${text}".`;
  return day;
}
