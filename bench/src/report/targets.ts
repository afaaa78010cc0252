import type { ScenarioReport } from "./results.js";

/** One of issue 6's targets, judged on this run's medians. */
export interface TargetVerdict {
  target: string;
  /** What was measured, in words with its number. */
  measured: string;
  met: boolean | null;
  /** How far from the line: e.g. "needs 2.1× the throughput", "18% to spare"; "not measured" when it was not. */
  margin: string;
}

const find = (reports: ScenarioReport[], name: string) => reports.find((report) => report.name === name);

function ratioMedian(report: ScenarioReport | undefined, name: string): number | undefined {
  return report?.ratios.find((ratio) => ratio.name === name)?.spread.median;
}

const notMeasured = (target: string): TargetVerdict => ({ target, measured: "not measured", met: null, margin: "not measured" });

export function judgeTargets(reports: ScenarioReport[]): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];

  const deepTree = find(reports, "deep-tree");
  const statements = deepTree?.contenders.find((c) => c.system === "ours" && c.engine === "postgresql")?.statementsPerOperation;
  const statementsTarget = "deep-tree: at most 6 SQL statements per request (ours)";
  verdicts.push(
    statements === undefined || statements === null
      ? notMeasured(statementsTarget)
      : {
          target: statementsTarget,
          measured: `${statements} statements`,
          met: statements <= 6,
          margin: statements <= 6 ? `${6 - statements} to spare` : `${statements - 6} too many`,
        },
  );

  for (const name of ["deep-tree", "page-walk", "lookup"]) {
    const target = `${name}: throughput at concurrency 8, ours ≥ PostGraphile`;
    const ratio = ratioMedian(find(reports, name), "throughput ours / PostGraphile");
    verdicts.push(
      ratio === undefined
        ? notMeasured(target)
        : {
            target,
            measured: `ours / PostGraphile = ${ratio.toFixed(2)}`,
            met: ratio >= 1,
            margin: ratio >= 1 ? `${((ratio - 1) * 100).toFixed(0)}% ahead` : `ours needs ${(1 / ratio).toFixed(2)}× its throughput`,
          },
    );
  }

  for (const name of ["deep-tree", "lookup"]) {
    const target = `${name}: latency p50 at concurrency 1, ours ≤ 2 × raw SQL`;
    const ratio = ratioMedian(find(reports, name), "p50 ours / raw SQL");
    verdicts.push(
      ratio === undefined
        ? notMeasured(target)
        : {
            target,
            measured: `ours / raw SQL = ${ratio.toFixed(2)}`,
            met: ratio <= 2,
            margin: ratio <= 2 ? `${((1 - ratio / 2) * 100).toFixed(0)}% under the line` : `ours needs ${(ratio / 2).toFixed(2)}× less latency`,
          },
    );
  }

  const pgliteTarget = "deep-tree on PGlite: latency p50 under 150 ms (ours)";
  const pglite = find(reports, "deep-tree")?.contenders.find((c) => c.engine === "pglite")?.summary.p50.median;
  verdicts.push(
    pglite === undefined
      ? notMeasured(pgliteTarget)
      : {
          target: pgliteTarget,
          measured: `${pglite.toFixed(1)} ms`,
          met: pglite < 150,
          margin: pglite < 150 ? `${(150 - pglite).toFixed(0)} ms to spare` : `${(pglite - 150).toFixed(0)} ms over`,
        },
  );
  return verdicts;
}
