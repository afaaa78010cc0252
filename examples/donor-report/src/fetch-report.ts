import type { CoverageQuery, P3pdClient, StageQuery } from "@p3pd/sdk";

export type CoverageNode = CoverageQuery["coverage"];
export type CoverageChild = CoverageNode["children"][number];
export type Stage = NonNullable<StageQuery["stage"]>;

export interface ReportScope {
  /** Undefined for the whole country. */
  regionCode: string | undefined;
  stage: number | undefined;
}

/** Everything the report shows, as the API answered it, and when. */
export interface ReportData {
  scope: ReportScope;
  coverage: CoverageNode;
  /** The stage asked for, with its name and period; null when the report covers every stage. */
  stage: Stage | null;
  fetchedAt: Date;
}

/** The stage asked for does not exist. */
export class UnknownStageError extends Error {
  override name = "UnknownStageError";
}

/**
 * The coverage of the scope and of each region directly below it, through the SDK's curated
 * `Coverage` operation, plus the stage's details. A stage number no stage has is an error here:
 * the API would answer zeros for it, which would read as "nothing happened".
 */
export async function fetchReportData(client: P3pdClient, scope: ReportScope): Promise<ReportData> {
  const [{ coverage }, stage] = await Promise.all([
    client.coverage({ regionCode: scope.regionCode, stage: scope.stage }),
    scope.stage === undefined ? null : client.stage({ number: scope.stage }).then((result) => result.stage),
  ]);
  if (scope.stage !== undefined && !stage) throw new UnknownStageError(`no stage has the number ${scope.stage}.`);
  return { scope, coverage, stage, fetchedAt: new Date() };
}
