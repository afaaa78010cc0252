import path from "node:path";
import { parseArgs } from "node:util";

/** How many operations one measurement sends: bounded, so the whole run stays near 10 minutes on 2 cores. */
export interface Budget {
  /** Sent at concurrency 8 before anything is timed (connections, JIT, caches, planner). */
  warmup: number;
  /** Per run, one after another: the latency percentiles. */
  sequential: number;
  /** Per run, 8 at a time: the throughput. */
  concurrent: number;
}

export interface BenchConfig {
  runs: number;
  /** Workers of the throughput measurement. */
  concurrency: number;
  /** Operations per system whose statements are counted (one after another, after the warm-up). */
  statementSample: number;
  /** Connections each server and the SQL floor may open: the same for all, our server's default. */
  poolSize: number;
  budgets: Record<BudgetName, Budget>;
  pglite: boolean;
  /** Only these scenarios are run (`--only`); undefined: all of them, and the results file is written. */
  only?: string[];
  /** A folder our server (on PostgreSQL) writes a V8 CPU profile of its whole run into, as it exits (`--cpu-prof`). */
  serverCpuProfDir?: string;
  /** The scenarios on the national cascade ×10 and ×30 (their databases are built once, minutes each). */
  scaled: boolean;
}

export type BudgetName =
  | "deep-tree"
  | "page-walk"
  | "lookup"
  | "coverage-country"
  | "coverage-country-cached"
  | "write"
  | "pglite-deep-tree"
  | "pglite-lookup"
  | "coverage-x10"
  | "coverage-x30";

/** Sized from a first run on the 2-core machine: each measurement a few seconds, the slowest system setting the pace. */
const defaultBudgets: Record<BudgetName, Budget> = {
  "deep-tree": { warmup: 24, sequential: 40, concurrent: 120 },
  "page-walk": { warmup: 80, sequential: 150, concurrent: 600 },
  lookup: { warmup: 40, sequential: 80, concurrent: 300 },
  "coverage-country": { warmup: 8, sequential: 12, concurrent: 24 },
  "coverage-country-cached": { warmup: 40, sequential: 100, concurrent: 400 },
  write: { warmup: 40, sequential: 60, concurrent: 240 },
  "pglite-deep-tree": { warmup: 8, sequential: 20, concurrent: 40 },
  "pglite-lookup": { warmup: 40, sequential: 80, concurrent: 200 },
  // The raw SQL's full scan takes about 3 s at ×10 and 12 s at ×30 (2 busy cores), and it sets the
  // pace: few requests, one per worker in the concurrent measurement.
  "coverage-x10": { warmup: 2, sequential: 6, concurrent: 8 },
  "coverage-x30": { warmup: 1, sequential: 3, concurrent: 8 },
};

/** The scenarios a run may be narrowed to with --only (the last four on the national cascade ×10 and ×30). */
export const scenarioNames = [
  "deep-tree",
  "page-walk",
  "lookup",
  "coverage-country",
  "coverage-country-cached",
  "write",
  "coverage-country-x1",
  "coverage-country-x10",
  "coverage-country-x30",
  "coverage-kabupaten-x30",
  "export-country-x30",
] as const;

const usage = `Usage: npm run bench [-- --runs <n>] [--quick] [--no-pglite] [--no-scale] [--only <scenario>]… [--cpu-prof <folder>]

  --runs <n>           measured runs per scenario and system (default 3; min / median / max over them)
  --quick              a tenth of the requests: checks the harness end to end, figures are not meant to be read
  --no-pglite          skip the embedded-engine figures
  --no-scale           skip the scenarios on the national cascade ×10 and ×30 (and building their databases)
  --only <scenario>    run only this scenario (repeatable): ${scenarioNames.join(", ")};
                       the table is printed, the results file of record is not written
  --cpu-prof <folder>  our server on PostgreSQL writes a V8 CPU profile (.cpuprofile) of its run there
`;

export function benchConfigFromArgs(argv: string[]): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: "string", default: "3" },
      quick: { type: "boolean", default: false },
      "no-pglite": { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      "cpu-prof": { type: "string" },
      "no-scale": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, got "${values.runs}"\n\n${usage}`);
  const only = values.only;
  const unknown = only?.filter((name) => !(scenarioNames as readonly string[]).includes(name));
  if (unknown?.length) throw new Error(`--only takes a scenario's name (${scenarioNames.join(", ")}), got "${unknown.join('", "')}"\n\n${usage}`);
  const scale = values.quick ? 0.1 : 1;
  const scaled = (n: number) => Math.max(2, Math.round(n * scale));
  const budgets = Object.fromEntries(
    Object.entries(defaultBudgets).map(([name, budget]) => [
      name,
      { warmup: scaled(budget.warmup), sequential: scaled(budget.sequential), concurrent: scaled(budget.concurrent) },
    ]),
  ) as Record<BudgetName, Budget>;
  return {
    runs,
    concurrency: 8,
    statementSample: 5,
    poolSize: 10,
    budgets,
    pglite: !values["no-pglite"],
    scaled: !values["no-scale"],
    only,
    serverCpuProfDir: values["cpu-prof"] && path.resolve(values["cpu-prof"]),
  };
}
