import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../src/http/start-server.js";
import { silentProgress } from "../src/progress.js";
import { sharedDatabase, sharedPrisma, unlimitedRates } from "./support/shared-database.js";

/**
 * Which address anonymous rate limits charge, seen where they keep it: the subject of the
 * caller's window (`address:<ip>`), which a server's first request from an address creates.
 */
const prisma = sharedPrisma();
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await prisma.$disconnect();
});

async function serverTrusting(trustedProxies: string[]): Promise<RunningServer> {
  const server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, http: { ...unlimitedRates, trustedProxies } });
  servers.push(server);
  return server;
}

/** Documentation addresses (RFC 5737) not used before in this run. */
const freshAddress = () => `203.0.113.${randomInt(1, 255)}`;

async function anonymousQuery(server: RunningServer, forwardedFor: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  expect(response.status).toBe(200);
}

async function windowsOf(...addresses: string[]): Promise<string[]> {
  const rows = await prisma.rateLimitWindow.findMany({ where: { subject: { in: addresses.map((address) => `address:${address}`) } }, select: { subject: true } });
  return rows.map((row) => row.subject).sort();
}

describe("the client address of anonymous rate limits", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (the default: none is)", async () => {
    const server = await serverTrusting([]);
    const spoofed = freshAddress();
    await anonymousQuery(server, spoofed);
    expect(await windowsOf(spoofed)).toEqual([]);
  });

  it("ignores it when the trusted proxies do not include the peer", async () => {
    const server = await serverTrusting(["10.0.0.0/8"]);
    const spoofed = freshAddress();
    await anonymousQuery(server, spoofed);
    expect(await windowsOf(spoofed)).toEqual([]);
  });

  it("reads it from a trusted peer: the right-most address that is not a trusted proxy, not what the client put left of it", async () => {
    // The test's requests come from loopback: it stands for the proxy.
    const server = await serverTrusting(["127.0.0.0/8", "::1/128"]);
    const [forged, client, other] = [freshAddress(), freshAddress(), freshAddress()];
    await anonymousQuery(server, `${forged}, ${client}`);
    // A trusted hop in the chain (another proxy of ours) is skipped as well.
    await anonymousQuery(server, `${other}, 127.0.0.9`);
    expect(await windowsOf(forged, client, other)).toEqual([`address:${client}`, `address:${other}`].sort());
  });
});
