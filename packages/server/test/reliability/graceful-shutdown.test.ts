import { once } from "node:events";
import { connect } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphQLServer } from "../../src/http/yoga.js";
import { sessionsWaitingOnLocks } from "../support/database-activity.js";
import { startServedCluster, type ServedCluster } from "../support/served-cluster.js";
import { sharedPrisma, unlimitedRates } from "../support/shared-database.js";
import { waitFor } from "../support/wait-for.js";

/**
 * SIGTERM to a `p3pd serve` process, as an orchestrator stops it, while 20 requests are in flight.
 * The requests are made slow for the test by a lock on the table they read, held by the test
 * itself, which it releases only after the server has stopped accepting connections.
 */
let served: ServedCluster;
beforeAll(async () => {
  // The requests wait as long as the test holds its lock: no execution timeout may end them first.
  served = await startServedCluster(1, { P3PD_DRAIN_SECONDS: "60", P3PD_EXECUTION_TIMEOUT_MS: "120000" });
});
afterAll(async () => {
  await served?.close();
});

const requestCount = 20;
/** Connections the server's pool opens to PostgreSQL (database.ts): the requests beyond wait for one. */
const poolSize = 10;

const provinceQuery = (url: string) =>
  fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: '{ province(code: "73") { name } }' }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: { province?: { name?: string } }; errors?: unknown } }));

/** Whether the server takes a new TCP connection (a request would wait for the pool the requests hold). */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("on SIGTERM", () => {
  it("stops accepting connections, finishes all 20 requests in flight with 200, closes the pool and exits 0", async () => {
    const [server] = served.servers;
    if (!server) throw new Error("no server started");
    const exited = once(server.child, "exit");
    const locker = new pg.Client({ connectionString: served.cluster.url });
    await locker.connect();
    let inFlight: ReturnType<typeof provinceQuery>[] = [];
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE province IN ACCESS EXCLUSIVE MODE");
      inFlight = Array.from({ length: requestCount }, () => provinceQuery(server.url));
      await waitFor("the pool's connections to wait on the lock", async () => (await sessionsWaitingOnLocks(served.prisma, "%province%")) === poolSize);
      server.child.kill("SIGTERM");
      await waitFor("the server to refuse new connections", async () => !(await accepts(server.url)));
      expect(server.child.exitCode).toBeNull();
    } finally {
      await locker.query("COMMIT").catch(() => {});
      await locker.end();
    }
    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual(Array(requestCount).fill(200));
    for (const { body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body.data?.province?.name).toEqual(expect.any(String));
    }
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(server.output()).toContain("Shutting down: finishing the requests in flight");
    expect(server.output()).not.toContain("Drain time is up");
  });
});

describe("while draining", () => {
  it("/health answers 503 draining, so a balancer stops sending work, and a request on an open connection is still served", async () => {
    const prisma = sharedPrisma();
    try {
      const draining = createGraphQLServer(prisma, { phase: "draining", checkDatabase: async () => true }, unlimitedRates);
      const health = await draining.fetch("http://localhost/health");
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: "draining" });
      const query = await draining.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: '{ province(code: "73") { code } }' }),
      });
      expect(query.status).toBe(200);
      expect(await query.json()).toMatchObject({ data: { province: { code: "73" } } });
    } finally {
      await prisma.$disconnect();
    }
  });
});
