/**
 * Fields that cost more than their place in the answer shows. The query limits and the rate limit
 * (http/query-cost.ts) count every object a query may return; a report roll-up returns one object
 * but runs aggregate statements over the whole cascade below its region.
 */

/** The nodes one report roll-up counts as: cold, it costs the database about what a thousand regions do. */
export const reportNodes = 1_000;

/** The option a field carries when it is a report roll-up. */
export const reportRollUp = { extensions: { reportRollUp: true } } as const;

export function isReportRollUp(extensions: Readonly<Record<string, unknown>> | null | undefined): boolean {
  return extensions?.reportRollUp === true;
}
