/**
 * `npm run bench`: issue 6's benchmark. Our server, PostGraphile 5 and hand-written SQL on one
 * throwaway PostgreSQL 15 holding the national demo, the same scenarios on each, checked to give
 * the same answers before anything is measured; plus our server on the embedded PGlite. Prints a
 * table and writes bench/results/<date>.json. See bench/README.md.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { Cleanup } from "./cleanup.js";
import { repoRoot } from "./paths.js";
import { benchConfigFromArgs, type BenchConfig, type BudgetName } from "./config.js";
import { benchDatabase, cachedNationalDatabase, withClient, type DemoMultiple } from "./database/database-cache.js";
import { cachedPgliteDataDir, copyOfPgliteDataDir } from "./database/pglite-cache.js";
import { postgresVersion, startPostgresCluster } from "./database/postgres-cluster.js";
import { createSystemRoles, roleOfSystem } from "./database/roles.js";
import { measureScenario, type Contender, type ContenderResult } from "./measure/measure-scenario.js";
import { StatementCounter } from "./measure/statement-counter.js";
import { ratiosOf, summarise, type ScenarioReport } from "./report/results.js";
import { describeEnvironment, writeResults } from "./report/results-file.js";
import { resultsTable, targetsTable } from "./report/table.js";
import { judgeTargets } from "./report/targets.js";
import { coldWrites, writtenKabupaten } from "./scenarios/cold-writes.js";
import { coverageCountryAfterWritesScenario, coverageCountryScenario } from "./scenarios/coverage-country.js";
import { coverageKabupatenAfterWritesScenario } from "./scenarios/coverage-kabupaten.js";
import { exportCountryAfterWritesScenario } from "./scenarios/export-country.js";
import { deepTreeScenario } from "./scenarios/deep-tree.js";
import { lookupRegions, lookupScenario } from "./scenarios/lookup.js";
import { firstProvinceCode, pageWalkScenario } from "./scenarios/page-walk.js";
import type { Scenario, SystemName } from "./scenarios/scenario.js";
import { setUpWrites, tearDownWrites, writeScenario } from "./scenarios/write.js";
import type { GraphQLClient, SqlClient } from "./systems/clients.js";
import { startHttpFloor } from "./systems/http-floor-server.js";
import { httpFloorClient, httpGraphQLClient } from "./systems/http-graphql-client.js";
import { buildServer, startOurServer } from "./systems/our-server.js";
import { node22Binary, startPostGraphile } from "./systems/postgraphile-server.js";
import { poolSqlClient } from "./systems/sql-client.js";
import { assertSameAnswers } from "./verify/same-answers.js";

const execFileAsync = promisify(execFile);
const log = (message: string) => process.stderr.write(`${message}\n`);

interface PlannedScenario {
  scenario: Scenario<unknown>;
  budget: BudgetName;
  /** Its budget on the embedded engine, where it is measured there too. */
  pgliteBudget?: BudgetName;
  /** Only these systems are measured (all still answer the equivalence check). */
  measured?: SystemName[];
  /** Ratios against this scenario's systems rather than its own. */
  comparedWith?: string;
}

/** The systems on PostgreSQL, as clients the scenarios talk to. */
interface PostgresSystems {
  ours: { client: GraphQLClient; pid: number };
  postgraphile: { client: GraphQLClient; pid: number };
  sql: SqlClient;
  httpFloor: { client: SqlClient; pid: number };
}

function contendersOn(scenario: Scenario<unknown>, systems: PostgresSystems): Contender[] {
  const contenders: Contender[] = [
    {
      label: "ours",
      system: "ours",
      engine: "postgresql",
      driver: scenario.ours(systems.ours.client),
      role: roleOfSystem.ours,
      pid: systems.ours.pid,
    },
  ];
  if (scenario.postgraphile) {
    contenders.push({
      label: "PostGraphile",
      system: "postgraphile",
      engine: "postgresql",
      driver: scenario.postgraphile(systems.postgraphile.client),
      role: roleOfSystem.postgraphile,
      pid: systems.postgraphile.pid,
    });
  }
  if (scenario.sql) {
    contenders.push({ label: "raw SQL", system: "sql", engine: "postgresql", driver: scenario.sql(systems.sql), role: roleOfSystem.sql });
    contenders.push({
      label: "HTTP floor",
      system: "http-floor",
      engine: "postgresql",
      driver: scenario.sql(systems.httpFloor.client),
      role: roleOfSystem.httpFloor,
      pid: systems.httpFloor.pid,
    });
  }
  return contenders;
}

/** Asks every contender once and aborts the run if any answer differs from ours. */
async function checkSameAnswers(scenario: string, contenders: Contender[], reference?: { label: string; answer: unknown }): Promise<unknown> {
  const answers = reference ? [reference] : [];
  for (const contender of contenders) answers.push({ label: contender.label, answer: await contender.driver.answer() });
  assertSameAnswers(scenario, answers);
  log(`  ${scenario}: ${answers.map((a) => a.label).join(", ")} return the same data.`);
  return answers[0]?.answer;
}

/** An installed package's version, from the package.json above its entry point (postgraphile's exports map does not export that file). */
async function packageVersion(specifier: string): Promise<string> {
  let folder = path.dirname(createRequire(import.meta.url).resolve(specifier));
  for (;;) {
    const manifest = await readFile(path.join(folder, "package.json"), "utf8").then(
      (text) => JSON.parse(text) as { name?: string; version?: string },
      () => undefined,
    );
    if (manifest?.name === specifier && manifest.version) return manifest.version;
    const parent = path.dirname(folder);
    if (parent === folder) return "unknown";
    folder = parent;
  }
}

/** Operations the write scenario may make in all: every measurement of its three writers (ours, raw SQL, the HTTP floor), the checks, a margin. */
function writeCapacity(config: BenchConfig): number {
  const budget = config.budgets.write;
  const perSystem = budget.warmup + config.statementSample + config.runs * (budget.sequential + budget.concurrent);
  return 3 * perSystem + 3 + 16;
}

/**
 * The multiples of the national cascade the scaled scenarios run on (issue 18). ×1 is measured the
 * same way, each request after a write, so the growth ×1 → ×30 compares two cold figures.
 */
const scaledMultiples: DemoMultiple[] = [1, 10, 30];

/** The scaled scenarios of one multiple: the country cold at every multiple, the kabupaten and the export at ×30. */
const scaledScenarioNames = (multiple: DemoMultiple) =>
  multiple === 30 ? ["coverage-country-x30", "coverage-kabupaten-x30", "export-country-x30"] : [`coverage-country-x${multiple}`];

const scaledBudgets: Record<DemoMultiple, BudgetName> = { 1: "coverage-country", 10: "coverage-x10", 30: "coverage-x30" };

function scaledPlan(multiple: DemoMultiple, writes: Awaited<ReturnType<typeof coldWrites>>): PlannedScenario[] {
  const budget = scaledBudgets[multiple];
  // Ours against the raw SQL: the HTTP floor would only repeat the full scan's seconds.
  const measured: SystemName[] = ["ours", "sql"];
  const plan: PlannedScenario[] = [{ scenario: coverageCountryAfterWritesScenario(`coverage-country-x${multiple}`, multiple, writes), budget, measured }];
  if (multiple === 30) {
    plan.push(
      { scenario: coverageKabupatenAfterWritesScenario("coverage-kabupaten-x30", writtenKabupaten, multiple, writes), budget, measured },
      { scenario: exportCountryAfterWritesScenario("export-country-x30", multiple, writes), budget, measured },
    );
  }
  return plan;
}

/**
 * The scaled scenarios on a copy of one cached build: their own cluster, our server and the SQL
 * floor on it, each request after a write made through a pool of its own (outside the systems'
 * roles, so never counted as their statements). Everything is stopped before the next multiple.
 */
async function measureScaled(
  multiple: DemoMultiple,
  dataDir: string,
  config: BenchConfig,
  adminKey: string,
  outer: Cleanup,
  wanted: (scenario: string) => boolean,
): Promise<{ planned: PlannedScenario; results: ContenderResult[] }[]> {
  const cleanup = new Cleanup();
  // Run at the end of this multiple, or by the run's own cleanup if a signal comes first (it runs once).
  outer.add(`stop the ×${multiple} systems`, () => cleanup.run());
  try {
    const cluster = await startPostgresCluster({ copyOf: dataDir });
    cleanup.add(`stop PostgreSQL ×${multiple}`, () => cluster.stop());
    log(`PostgreSQL 15 on 127.0.0.1:${cluster.port} (a copy of the cached national demo ×${multiple}).`);
    await withClient(cluster.url("postgres"), createSystemRoles);
    const counter = await StatementCounter.open(cluster.url("postgres"), benchDatabase);
    cleanup.add("close the statement counter", () => counter.close());
    const writerDb = new pg.Pool({ connectionString: cluster.url(benchDatabase), max: config.concurrency });
    cleanup.add("close the writer pool", () => writerDb.end());
    const ours = await startOurServer({ kind: "postgresql", url: cluster.url(benchDatabase, roleOfSystem.ours) }, adminKey);
    cleanup.add("stop our server", () => ours.stop());
    const oursClient = httpGraphQLClient(ours.url, { authorization: `Bearer ${adminKey}` });
    const sql = poolSqlClient(cluster.url(benchDatabase, roleOfSystem.sql), config.poolSize);
    cleanup.add("close the clients", async () => {
      oursClient.close();
      await sql.end();
    });
    const plan = scaledPlan(multiple, await coldWrites(writerDb)).filter((planned) => wanted(planned.scenario.name));
    const contendersOf = (scenario: Scenario<unknown>): Contender[] => [
      { label: "ours", system: "ours", engine: "postgresql", driver: scenario.ours(oursClient), role: roleOfSystem.ours, pid: ours.pid },
      ...(scenario.sql ? [{ label: "raw SQL", system: "sql" as const, engine: "postgresql" as const, driver: scenario.sql(sql), role: roleOfSystem.sql }] : []),
    ];
    log(`Checking that ours and the raw SQL return the same data at ×${multiple}…`);
    const contenders = new Map<PlannedScenario, Contender[]>();
    for (const planned of plan) {
      contenders.set(planned, contendersOf(planned.scenario));
      await checkSameAnswers(planned.scenario.name, contenders.get(planned) ?? []);
    }
    const measureOptions = { runs: config.runs, concurrency: config.concurrency, statementSample: config.statementSample, counter };
    const measured: { planned: PlannedScenario; results: ContenderResult[] }[] = [];
    for (const planned of plan) {
      log(`Measuring ${planned.scenario.name}…`);
      const list = (contenders.get(planned) ?? []).filter((contender) => !planned.measured || planned.measured.includes(contender.system));
      measured.push({ planned, results: await measureScenario(planned.scenario.name, list, config.budgets[planned.budget], measureOptions) });
    }
    return measured;
  } finally {
    await cleanup.run();
  }
}

async function main(config: BenchConfig, cleanup: Cleanup): Promise<void> {
  const startedAt = new Date();
  const measureOptions = { runs: config.runs, concurrency: config.concurrency, statementSample: config.statementSample };

  const wanted = (scenario: string) => !config.only || config.only.includes(scenario);
  log("Building the server (npm run build) …");
  await buildServer();
  const nationalDataDir = await cachedNationalDatabase(log);
  // Built (or found) before anything is measured: a build takes minutes and would fail late otherwise.
  const scaledDataDirs = new Map<DemoMultiple, string>();
  for (const multiple of scaledMultiples) {
    if (config.scaled && scaledScenarioNames(multiple).some(wanted)) scaledDataDirs.set(multiple, await cachedNationalDatabase(log, multiple));
  }
  // The embedded engine is measured on deep-tree and lookup only (their pgliteBudget below).
  const pgliteDataDir = config.pglite && (wanted("deep-tree") || wanted("lookup")) ? await cachedPgliteDataDir(log) : undefined;

  const cluster = await startPostgresCluster({ copyOf: nationalDataDir });
  cleanup.add("stop PostgreSQL", () => cluster.stop());
  log(`PostgreSQL 15 on 127.0.0.1:${cluster.port} (a copy of the cached build).`);
  await withClient(cluster.url("postgres"), createSystemRoles);
  const counter = await StatementCounter.open(cluster.url("postgres"), benchDatabase);
  cleanup.add("close the statement counter", () => counter.close());
  const setupDb = new pg.Pool({ connectionString: cluster.url(benchDatabase), max: 2 });
  cleanup.add("close the setup pool", () => setupDb.end());

  const adminKey = randomBytes(24).toString("hex");
  log("Starting our server (p3pd serve), PostGraphile 5 (Node 22, amber preset) and the bare HTTP floor…");
  const ours = await startOurServer({ kind: "postgresql", url: cluster.url(benchDatabase, roleOfSystem.ours) }, adminKey, config.serverCpuProfDir);
  cleanup.add("stop our server", () => ours.stop());
  const postgraphile = await startPostGraphile(cluster.url(benchDatabase, roleOfSystem.postgraphile), config.poolSize);
  cleanup.add("stop PostGraphile", () => postgraphile.stop());
  const httpFloor = await startHttpFloor(cluster.url(benchDatabase, roleOfSystem.httpFloor), config.poolSize);
  cleanup.add("stop the HTTP floor", () => httpFloor.stop());
  const oursClient = httpGraphQLClient(ours.url, { authorization: `Bearer ${adminKey}` });
  const postgraphileClient = httpGraphQLClient(postgraphile.url);
  const sql = poolSqlClient(cluster.url(benchDatabase, roleOfSystem.sql), config.poolSize);
  const floorClient = httpFloorClient(httpFloor.url);
  cleanup.add("close the clients", async () => {
    oursClient.close();
    postgraphileClient.close();
    floorClient.close();
    await sql.end();
  });
  const systems: PostgresSystems = {
    ours: { client: oursClient, pid: ours.pid },
    postgraphile: { client: postgraphileClient, pid: postgraphile.pid },
    sql,
    httpFloor: { client: floorClient, pid: httpFloor.pid },
  };

  const writes = await setUpWrites(setupDb, writeCapacity(config));
  cleanup.add("delete the write scenario's rows", () => tearDownWrites(setupDb, writes));
  const everyScenario: PlannedScenario[] = [
    { scenario: deepTreeScenario(10), budget: "deep-tree", pgliteBudget: "pglite-deep-tree" },
    { scenario: pageWalkScenario(await firstProvinceCode(setupDb)), budget: "page-walk" },
    { scenario: lookupScenario(await lookupRegions(setupDb)), budget: "lookup", pgliteBudget: "pglite-lookup" },
    { scenario: coverageCountryScenario("cold"), budget: "coverage-country" },
    // The SQL floor has no cache: it would measure the uncached roll-up again, slowly; its figures come from coverage-country.
    { scenario: coverageCountryScenario("warm"), budget: "coverage-country-cached", measured: ["ours"], comparedWith: "coverage-country" },
    { scenario: writeScenario(setupDb, writes), budget: "write" },
  ];
  const plan = everyScenario.filter((planned) => wanted(planned.scenario.name));

  log("Checking that every system returns the same data…");
  const contenders = new Map<PlannedScenario, Contender[]>();
  const oursAnswers = new Map<PlannedScenario, unknown>();
  for (const planned of plan) {
    const list = contendersOn(planned.scenario, systems);
    contenders.set(planned, list);
    oursAnswers.set(planned, await checkSameAnswers(planned.scenario.name, list));
  }

  const results = new Map<PlannedScenario, ContenderResult[]>();
  for (const planned of plan) {
    log(`Measuring ${planned.scenario.name}…`);
    const measured = (contenders.get(planned) ?? []).filter((contender) => !planned.measured || planned.measured.includes(contender.system));
    results.set(planned, await measureScenario(planned.scenario.name, measured, config.budgets[planned.budget], { ...measureOptions, counter }));
  }

  if (pgliteDataDir) {
    const copy = await copyOfPgliteDataDir(pgliteDataDir);
    cleanup.add("delete the PGlite copy", () => rm(copy, { recursive: true, force: true }));
    log("Starting our server on PGlite (a copy of the cached embedded database)…");
    const embedded = await startOurServer({ kind: "pglite", dataDir: copy }, adminKey);
    cleanup.add("stop our server on PGlite", () => embedded.stop());
    const embeddedClient = httpGraphQLClient(embedded.url, { authorization: `Bearer ${adminKey}` });
    cleanup.add("close the PGlite client", () => embeddedClient.close());
    for (const planned of plan) {
      if (!planned.pgliteBudget) continue;
      const contender: Contender = { label: "ours (PGlite)", system: "ours", engine: "pglite", driver: planned.scenario.ours(embeddedClient), pid: embedded.pid };
      // The embedded database holds the same tree: it must answer as ours did on PostgreSQL.
      await checkSameAnswers(planned.scenario.name, [contender], { label: "ours on PostgreSQL", answer: oursAnswers.get(planned) });
      log(`Measuring ${planned.scenario.name} on PGlite…`);
      const [embeddedResult] = await measureScenario(planned.scenario.name, [contender], config.budgets[planned.pgliteBudget], measureOptions);
      if (embeddedResult) results.get(planned)?.push(embeddedResult);
    }
  }

  const scaledPlans: PlannedScenario[] = [];
  for (const [multiple, dataDir] of scaledDataDirs) {
    for (const { planned, results: measured } of await measureScaled(multiple, dataDir, config, adminKey, cleanup, wanted)) {
      scaledPlans.push(planned);
      results.set(planned, measured);
    }
  }

  const reported = [...plan, ...scaledPlans];
  const summarised = new Map(reported.map((planned) => [planned.scenario.name, (results.get(planned) ?? []).map(summarise)]));
  const reports: ScenarioReport[] = reported.map((planned) => {
    const contenders = summarised.get(planned.scenario.name) ?? [];
    const references = planned.comparedWith ? summarised.get(planned.comparedWith) : undefined;
    return {
      name: planned.scenario.name,
      description: planned.scenario.description,
      unit: planned.scenario.unit,
      budget: config.budgets[planned.budget],
      contenders,
      ratios: ratiosOf(contenders, references),
    };
  });
  const verdicts = judgeTargets(reports);
  const environment = await describeEnvironment({
    postgraphileNode: (await execFileAsync(node22Binary(), ["--version"])).stdout.trim(),
    postgres: await postgresVersion(),
    postgraphile: await packageVersion("postgraphile"),
  });
  // A run narrowed with --only is a part of the run: the day's file of record keeps every scenario.
  const written = config.only ? "Not written to bench/results/ (--only)" : `Written to ${path.relative(repoRoot, await writeResults(config, environment, reports, verdicts, startedAt))}`;
  const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
  process.stdout.write(
    `\nP3PD benchmark, national demo on PostgreSQL 15, ${environment.cores} cores, ${config.runs} run(s): median (min–max) over runs; ` +
      `latency at concurrency 1, throughput at ${config.concurrency}; ratios ours ÷ PostGraphile (PG), ours ÷ the bare HTTP floor and ours ÷ raw SQL.\n\n${resultsTable(reports)}\n\n${targetsTable(verdicts)}\n\n` +
      `${written} (${minutes} min).\n`,
  );
}

const cleanup = new Cleanup();
cleanup.onSignals();
try {
  await main(benchConfigFromArgs(process.argv.slice(2)), cleanup);
} catch (error) {
  process.stderr.write(`\nBenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
