import type { Budget } from "../config.js";
import type { Driver, SystemName } from "../scenarios/scenario.js";
import { runLoad, type LoadResult } from "./load.js";
import { processMemory, type ProcessMemory } from "./process-memory.js";
import type { StatementCounter, StatementSample } from "./statement-counter.js";
import { percentile } from "./statistics.js";

/** One system as measured in one scenario. */
export interface Contender {
  /** For the table: "ours", "PostGraphile", "raw SQL", "ours (PGlite)". */
  label: string;
  system: SystemName;
  engine: "postgresql" | "pglite";
  driver: Driver<unknown>;
  /** Its database role, where pg_stat_statements can count its statements (PostgreSQL only). */
  role?: string;
  /** Its server process; the SQL floor runs inside the harness and has none. */
  pid?: number;
}

/** What one run measured. */
export interface RunFigures {
  /** Latency at concurrency 1, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** Operations per second at concurrency 8. */
  throughput: number;
  /** Median latency at concurrency 8, ms: what a client waits under that load. */
  loadedP50: number;
}

export interface ContenderResult {
  label: string;
  system: SystemName;
  engine: "postgresql" | "pglite";
  runs: RunFigures[];
  /** SQL statements per operation; null where they cannot be counted. */
  statementsPerOperation: number | null;
  /** The statements themselves, with their database time per operation; null where not counted. */
  statements: StatementSample["statements"] | null;
  /** The server process's memory after the scenario (its peak is over its whole life so far); null for the SQL floor. */
  memory: ProcessMemory | null;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function figuresOf(sequential: LoadResult, concurrent: LoadResult): RunFigures {
  return {
    p50: percentile(sequential.latenciesMs, 50),
    p95: percentile(sequential.latenciesMs, 95),
    p99: percentile(sequential.latenciesMs, 99),
    throughput: (concurrent.latenciesMs.length * 1000) / concurrent.elapsedMs,
    loadedP50: percentile(concurrent.latenciesMs, 50),
  };
}

/**
 * Measures a scenario on each contender: a warm-up, a statement count, then `runs` runs of a
 * sequential and a concurrent measurement. Runs alternate between contenders (and rotate who
 * goes first), so a noisy moment on this shared machine falls on all of them rather than on one,
 * and the ratios of one run compare figures taken side by side.
 */
export async function measureScenario(
  scenario: string,
  contenders: Contender[],
  budget: Budget,
  options: { runs: number; concurrency: number; statementSample: number; counter?: StatementCounter },
): Promise<ContenderResult[]> {
  const results = contenders.map(
    (contender): ContenderResult => ({
      label: contender.label,
      system: contender.system,
      engine: contender.engine,
      runs: [],
      statementsPerOperation: null,
      statements: null,
      memory: null,
    }),
  );
  for (const [index, contender] of contenders.entries()) {
    const result = results[index];
    if (!result) continue;
    const beforeEach = contender.driver.beforeEach;
    await runLoad(() => contender.driver.worker(), { concurrency: options.concurrency, operations: budget.warmup, beforeEach });
    if (contender.role && options.counter) {
      const worker = contender.driver.worker();
      const sample = await options.counter.sample(contender.role, options.statementSample, async () => {
        await runLoad(() => worker, { concurrency: 1, operations: options.statementSample, beforeEach });
      });
      result.statementsPerOperation = sample.perOperation;
      result.statements = sample.statements;
    }
  }
  for (let run = 0; run < options.runs; run++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = (turn + run) % contenders.length;
      const contender = contenders[index];
      const result = results[index];
      if (!contender || !result) continue;
      const beforeEach = contender.driver.beforeEach;
      const sequential = await runLoad(() => contender.driver.worker(), { concurrency: 1, operations: budget.sequential, beforeEach });
      const concurrent = await runLoad(() => contender.driver.worker(), { concurrency: options.concurrency, operations: budget.concurrent, beforeEach });
      const figures = figuresOf(sequential, concurrent);
      result.runs.push(figures);
      log(
        `  ${scenario} · ${contender.label.padEnd(14)} run ${run + 1}/${options.runs}: p50 ${figures.p50.toFixed(1)} ms, ` +
          `${figures.throughput.toFixed(1)} ops/s at concurrency ${options.concurrency}`,
      );
    }
  }
  for (const [index, contender] of contenders.entries()) {
    const result = results[index];
    if (result && contender.pid !== undefined) result.memory = await processMemory(contender.pid);
  }
  return results;
}
