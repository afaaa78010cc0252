import type { ScenarioReport, SummarisedContender } from "./results.js";

/** One of the request path's targets (issues 6, 18 and 19), judged on this run's medians. */
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

/** The scenarios whose reads are compared with PostGraphile and both floors. */
const readScenarios = ["deep-tree", "page-walk", "lookup"];

/** A throughput ratio (ours / theirs) that must reach `atLeast`. */
function throughputAtLeast(report: ScenarioReport | undefined, scenario: string, other: string, atLeast: number): TargetVerdict {
  const target = `${scenario}: throughput at concurrency 8, ours ≥ ${atLeast} × ${other}`;
  const ratio = ratioMedian(report, `throughput ours / ${other}`);
  if (ratio === undefined) return notMeasured(target);
  const met = ratio >= atLeast;
  return {
    target,
    measured: `ours / ${other} = ${ratio.toFixed(2)}`,
    met,
    margin: met ? `${((ratio / atLeast - 1) * 100).toFixed(0)}% to spare` : `ours needs ${(atLeast / ratio).toFixed(2)}× its throughput`,
  };
}

/** A latency ratio (ours / theirs) that must stay at or under `atMost`. */
function latencyAtMost(report: ScenarioReport | undefined, scenario: string, other: string, atMost: number): TargetVerdict {
  const target = `${scenario}: latency p50 at concurrency 1, ours ≤ ${atMost} × ${other}`;
  const ratio = ratioMedian(report, `p50 ours / ${other}`);
  if (ratio === undefined) return notMeasured(target);
  const met = ratio <= atMost;
  return {
    target,
    measured: `ours / ${other} = ${ratio.toFixed(2)}`,
    met,
    margin: met ? `${((1 - ratio / atMost) * 100).toFixed(0)}% under the line` : `ours needs ${(ratio / atMost).toFixed(2)}× less latency`,
  };
}

/** The highest peak memory a contender's process reached over the run, in MiB. */
function peakMiB(reports: ScenarioReport[], matches: (contender: SummarisedContender) => boolean): number | undefined {
  const peaks = reports.flatMap((report) => report.contenders.filter(matches).flatMap((c) => (c.memory ? [c.memory.peakMiB] : [])));
  return peaks.length > 0 ? Math.max(...peaks) : undefined;
}

function memoryAtMost(target: string, measuredMiB: number | undefined, limitMiB: number | undefined, limitName: string): TargetVerdict {
  if (measuredMiB === undefined || limitMiB === undefined) return notMeasured(target);
  const met = measuredMiB <= limitMiB;
  return {
    target,
    measured: `${measuredMiB.toFixed(0)} MiB against ${limitName} ${limitMiB.toFixed(0)} MiB`,
    met,
    margin: met ? `${(limitMiB - measuredMiB).toFixed(0)} MiB to spare` : `${(measuredMiB - limitMiB).toFixed(0)} MiB over`,
  };
}

/** Our median latency p50 on PostgreSQL in a scenario, ms. */
function oursP50(report: ScenarioReport | undefined): number | undefined {
  return report?.contenders.find((c) => c.system === "ours" && c.engine === "postgresql")?.summary.p50.median;
}

/** Issue 18: ours' p50 in a scenario at most `limitMs`. */
function p50AtMost(reports: ScenarioReport[], scenario: string, limitMs: number): TargetVerdict {
  const target = `${scenario}: latency p50 at concurrency 1, ours ≤ ${limitMs} ms`;
  const p50 = oursP50(find(reports, scenario));
  if (p50 === undefined) return notMeasured(target);
  const met = p50 <= limitMs;
  return { target, measured: `${p50.toFixed(1)} ms`, met, margin: met ? `${(limitMs - p50).toFixed(0)} ms to spare` : `${(p50 - limitMs).toFixed(0)} ms over` };
}

/** Issue 18: the national cascade ×30 costs at most twice ×1 (medians of ours' p50, both cold). */
function growthAtMost(reports: ScenarioReport[], scaled: string, base: string, atMost: number): TargetVerdict {
  const target = `${scaled}: latency p50 ours ≤ ${atMost} × ${base}'s`;
  const scaledP50 = oursP50(find(reports, scaled));
  const baseP50 = oursP50(find(reports, base));
  if (scaledP50 === undefined || baseP50 === undefined) return notMeasured(target);
  const ratio = scaledP50 / baseP50;
  const met = ratio <= atMost;
  return {
    target,
    measured: `${scaledP50.toFixed(1)} ms ÷ ${baseP50.toFixed(1)} ms = ${ratio.toFixed(2)}`,
    met,
    margin: met ? `${((1 - ratio / atMost) * 100).toFixed(0)}% under the line` : `needs ${(ratio / atMost).toFixed(2)}× less`,
  };
}

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
          margin: statements <= 6 ? `${(6 - statements).toFixed(1)} to spare` : `${(statements - 6).toFixed(1)} too many`,
        },
  );

  for (const name of readScenarios) verdicts.push(throughputAtLeast(find(reports, name), name, "PostGraphile", 1.5));
  for (const name of readScenarios) verdicts.push(latencyAtMost(find(reports, name), name, "HTTP floor", 1.5));
  for (const name of readScenarios) verdicts.push(latencyAtMost(find(reports, name), name, "raw SQL", 2));
  verdicts.push(latencyAtMost(find(reports, "write"), "write", "raw SQL", 3));

  const oursOnPostgres = (c: SummarisedContender) => c.system === "ours" && c.engine === "postgresql";
  verdicts.push(
    memoryAtMost(
      "server peak memory over the bench on PostgreSQL, ours ≤ PostGraphile's",
      peakMiB(reports, oursOnPostgres),
      peakMiB(reports, (c) => c.system === "postgraphile"),
      "PostGraphile's",
    ),
  );
  verdicts.push(memoryAtMost("server peak memory over the bench on PGlite, ours ≤ 400 MiB", peakMiB(reports, (c) => c.engine === "pglite"), 400, "the line of"));

  // Issue 18: reports that cost what the number of regions costs, cold at 2 million enrolments.
  verdicts.push(p50AtMost(reports, "coverage-country-x30", 200));
  verdicts.push(growthAtMost(reports, "coverage-country-x30", "coverage-country-x1", 2));
  verdicts.push(p50AtMost(reports, "coverage-kabupaten-x30", 50));
  verdicts.push(p50AtMost(reports, "export-country-x30", 200));

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
