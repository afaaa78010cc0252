import type { Budget } from "../config.js";
import type { ContenderResult, RunFigures } from "../measure/measure-scenario.js";
import { spread, type Spread } from "../measure/statistics.js";

/** A contender's figures with their min / median / max over the runs. */
export interface SummarisedContender extends ContenderResult {
  summary: Record<keyof RunFigures, Spread>;
}

export interface Ratio {
  /** e.g. "throughput ours / PostGraphile". */
  name: string;
  /** One value per run, each from figures taken in that run. */
  perRun: number[];
  spread: Spread;
}

export interface ScenarioReport {
  name: string;
  description: string;
  unit: string;
  budget: Budget;
  contenders: SummarisedContender[];
  ratios: Ratio[];
}

export function summarise(result: ContenderResult): SummarisedContender {
  const of = (key: keyof RunFigures) => spread(result.runs.map((run) => run[key]));
  return { ...result, summary: { p50: of("p50"), p95: of("p95"), p99: of("p99"), throughput: of("throughput"), loadedP50: of("loadedP50") } };
}

/**
 * Ours against each other system on PostgreSQL, run by run: throughput ours / theirs (above 1:
 * ours is faster) and latency p50 ours / theirs (below 1: ours is faster). `references` are the
 * systems compared with, by default the scenario's own; the cached coverage scenario borrows
 * the uncached one's SQL floor (the SQL has no cache, so it is the same work).
 */
export function ratiosOf(contenders: SummarisedContender[], references: SummarisedContender[] = contenders): Ratio[] {
  const ours = contenders.find((c) => c.system === "ours" && c.engine === "postgresql");
  if (!ours) return [];
  const ratios: Ratio[] = [];
  for (const other of references) {
    if (other.system === "ours" || other.engine !== "postgresql") continue;
    const pairs = ours.runs
      .map((run, index) => [run, other.runs[index]] as const)
      .filter((pair): pair is readonly [RunFigures, RunFigures] => pair[1] !== undefined);
    const add = (name: string, value: (o: RunFigures, t: RunFigures) => number) => {
      const perRun = pairs.map(([o, t]) => value(o, t));
      ratios.push({ name, perRun, spread: spread(perRun) });
    };
    add(`throughput ours / ${other.label}`, (o, t) => o.throughput / t.throughput);
    add(`p50 ours / ${other.label}`, (o, t) => o.p50 / t.p50);
  }
  return ratios;
}
