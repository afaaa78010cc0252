/** How numbers read in the report: English, thousands separated, percentages to one decimal. */

const counts = new Intl.NumberFormat("en-US");
const percents = new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const scores = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const gains = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero" });

/** Shown where a value does not apply or cannot be computed (a rate over nothing). */
export const notApplicable = "—";

export const formatCount = (value: number): string => counts.format(value);

/** A ratio 0–1 as a percentage. */
export const formatRate = (rate: number | null): string => (rate === null ? notApplicable : percents.format(rate));

/** A test score average (0–100 points). */
export const formatScore = (score: number | null): string => (score === null ? notApplicable : scores.format(score));

/** A change in points, signed so a fall cannot be read as a rise. */
export const formatGain = (gain: number | null): string => (gain === null ? notApplicable : gains.format(gain));

/** `part` of `whole`, e.g. "1,204 of 2,725"; nothing to count when the whole is zero. */
export const formatPartOf = (part: number, whole: number): string =>
  whole === 0 ? notApplicable : `${formatCount(part)} of ${formatCount(whole)}`;

const fetchedAtFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * When the data was fetched, in UTC and saying so: Indonesia spans three time zones and the
 * report may be read anywhere, so a local time without its zone would mislead.
 */
export const formatFetchedAt = (date: Date): string => `${fetchedAtFormat.format(date)} UTC`;
