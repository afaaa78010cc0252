/**
 * How a normal query's latency holds up while the server is being abused: runs `p3pd serve` on a
 * throwaway PostgreSQL 15 cluster (or on DATABASE_URL), times a partner's query one request after
 * another while the server is idle, then again while attackers send the abuse test's requests
 * (depth, alias, node and token bombs, fragment cycles, 5 MB and malformed bodies, batches, wrong
 * content types, floods of unknown and malformed keys), and prints median and p95 of each.
 *
 *   npx tsx --conditions=@p3pd/source packages/server/scripts/measure-abuse.ts [--queries 300] [--attackers 8]
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createApiKey, revokeApiKey } from "../src/access/api-keys.js";
import { createPrismaClient } from "../src/db/prisma.js";
import { repoRoot } from "../src/paths.js";
import type { AttackAnswer } from "../test/support/abuse-attacks.js";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgres-cluster.js";
import { startServeProcess } from "./serve-process.js";

const { values } = parseArgs({ options: { queries: { type: "string", default: "300" }, attackers: { type: "string", default: "8" } } });
const queries = Number(values.queries);
const attackers = Number(values.attackers);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`;
};

interface AttackTally {
  sent: number;
  misanswered: AttackAnswer[];
}

/**
 * The attackers, in a process of their own (see abuse-attackers.ts); resolves once they attack,
 * to a `stop` that resolves to their tally.
 */
async function startAttackers(graphqlUrl: string): Promise<{ stop(): Promise<AttackTally> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("packages", "server", "scripts", "abuse-attackers.ts"), graphqlUrl, String(attackers)], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== "attacking") throw new Error("The attackers did not start");
  return {
    async stop() {
      child.stdin.end();
      const tally = await lines.next();
      return JSON.parse(String(tally.value)) as AttackTally;
    },
  };
}

/**
 * A partner's request as the SDK sends it: the curated `Kecamatan` operation by its persisted hash
 * (from the contract's manifest), over plain fetch. Answers the response body, or throws on a
 * status other than 200.
 */
function persistedKecamatanQuery(graphqlUrl: string, apiKey: string): () => Promise<unknown> {
  const manifestFile = createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, string>;
  const sha256Hash = Object.keys(manifest).find((hash) => manifest[hash]?.startsWith("query Kecamatan("));
  if (!sha256Hash) throw new Error("The contract's manifest has no Kecamatan operation.");
  const body = JSON.stringify({
    operationName: "Kecamatan",
    variables: { code: "73.71.01", first: 3 },
    extensions: { persistedQuery: { version: 1, sha256Hash } },
  });
  return async () => {
    const response = await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body });
    if (response.status !== 200) throw new Error(`The partner's query answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
}

const cluster: PostgresCluster | undefined = process.env.DATABASE_URL ? undefined : await startPostgresCluster();
const databaseUrl = process.env.DATABASE_URL || (cluster?.url ?? "");
// Attacks and the partner's queries share the loopback address: lift the anonymous limit so that
// each attack meets its own check, as it would from an address of its own.
const serve = await startServeProcess({ DATABASE_URL: databaseUrl, P3PD_RATE_LIMIT_POINTS: "1000000000", P3PD_RATE_LIMIT_ANONYMOUS_POINTS: "1000000000" });
const prisma = createPrismaClient({ connectionString: databaseUrl, engine: "postgresql", maxPoolSize: 1, close: async () => {} });
try {
  const graphqlUrl = `${serve.url}/graphql`;
  const { key, apiKey } = await createApiKey(prisma, { role: "PARTNER", name: "measure-abuse partner" });
  const partner = persistedKecamatanQuery(graphqlUrl, key);
  const reference = JSON.stringify(await partner());

  /** `queries` timed normal queries, one after another; counts answers that differ from the reference. */
  const timeQueries = async () => {
    const times: number[] = [];
    let wrong = 0;
    for (let i = 0; i < queries; i++) {
      const started = performance.now();
      const answer = await partner();
      times.push(performance.now() - started);
      if (JSON.stringify(answer) !== reference) wrong++;
    }
    return { times, wrong };
  };

  await timeQueries(); // warm-up: JIT, plan and parse caches
  const idle = await timeQueries();
  const attack = await startAttackers(graphqlUrl);
  const attackStarted = performance.now();
  const underAttack = await timeQueries();
  const { sent, misanswered } = await attack.stop();
  const attackSeconds = (performance.now() - attackStarted) / 1000;

  process.stdout.write(
    `Normal query (PARTNER key, kecamatan 73.71.01 with 3 villages), ${queries} sequential requests each:\n` +
      `  idle:         ${summary(idle.times)}; wrong answers: ${idle.wrong}\n` +
      `  under attack: ${summary(underAttack.times)}; wrong answers: ${underAttack.wrong}\n` +
      `Attack: ${attackers} attackers, ${sent.toLocaleString("en-US")} abusive requests in ${attackSeconds.toFixed(1)} s ` +
      `(${Math.round(sent / attackSeconds)}/s), ${misanswered.length} not answered as expected\n`,
  );
  // On someone's DATABASE_URL, leave no key behind that still works.
  await revokeApiKey(prisma, apiKey.id);
} finally {
  await prisma.$disconnect();
  await serve.stop();
  await cluster?.destroy();
}
