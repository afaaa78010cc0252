import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient, successOf } from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, type FreshDatabase, keyCacheMs, repoRoot, type ServeProcess, startServeProcess, testEngine } from "@p3pd/server/testing";

const run = promisify(execFile);
const adminKey = "keys-while-serving-admin";

describe(`API keys made and revoked while p3pd serve runs on ${testEngine}`, () => {
  let fresh: FreshDatabase | undefined;
  let dataDir: string | undefined;
  let env: NodeJS.ProcessEnv;
  let server: ServeProcess;

  /** `p3pd keys …` in its own process, as an operator runs it beside the server. */
  const keys = async (...args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [path.join(repoRoot, "packages/server/bin/p3pd-dev.js"), "keys", ...args], {
      env: { ...process.env, ...env },
    });
    return { stdout, stderr };
  };
  const viewer = async (key: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: "{ viewer { role keyName regionCode } }" }),
    });
    return { status: response.status, body: (await response.json()) as { data?: { viewer: { role: string; keyName: string; regionCode: string | null } } } };
  };
  const sdk = (key: string) => createClient({ url: `${server.url}/graphql`, apiKey: key, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

  beforeAll(async () => {
    if (testEngine === "postgresql") {
      fresh = await createFreshDatabase();
      env = { DATABASE_URL: fresh.database.connectionString, P3PD_ADMIN_KEY: adminKey };
    } else {
      dataDir = await mkdtemp(path.join(tmpdir(), "p3pd-keys-"));
      env = { DATABASE_URL: "", P3PD_DATA_DIR: dataDir, P3PD_ADMIN_KEY: adminKey };
    }
    server = await startServeProcess(env);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await fresh?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  // Each test makes the keys it uses, so it stands alone; names tell them apart.
  const cliKey = async (name: string, ...roleArgs: string[]) => {
    const key = (await keys("create", ...roleArgs, "--name", name)).stdout.trim();
    expect(key).toMatch(/^p3pd_/);
    return key;
  };
  const apiMadeKey = async (name: string) => {
    const made = successOf((await sdk(adminKey).createApiKey({ input: { role: "PARTNER", name } })).createApiKey);
    return { key: made.key, id: made.apiKey.id, prefix: made.apiKey.prefix };
  };

  it("two keys made with `p3pd keys create` while serving are accepted by the running server at once", async () => {
    const partnerKey = await cliKey("partner app", "--role", "PARTNER");
    const staffKey = await cliKey("Sulawesi Selatan staff", "--role", "STAFF", "--region", "73");
    expect(await viewer(partnerKey)).toMatchObject({ status: 200, body: { data: { viewer: { role: "PARTNER", keyName: "partner app", regionCode: null } } } });
    expect(await viewer(staffKey)).toMatchObject({ status: 200, body: { data: { viewer: { role: "STAFF", keyName: "Sulawesi Selatan staff", regionCode: "73" } } } });
    const listed = (await keys("list")).stdout;
    expect(listed).toContain(`${partnerKey.slice(0, 13)}`);
    expect(listed).toContain('"Sulawesi Selatan staff"');
  }, 60_000);

  it("createApiKey (SDK) shows the new secret once, in its payload; the key works at once; the audit trail names it without the secret", async () => {
    const made = successOf((await sdk(adminKey).createApiKey({ input: { role: "PARTNER", name: "made through the API" } })).createApiKey);
    expect(made.key).toMatch(/^p3pd_/);
    expect(made.apiKey).toMatchObject({ name: "made through the API", role: "PARTNER", revokedAt: null });
    expect(made.key.startsWith(made.apiKey.prefix)).toBe(true);
    expect((await viewer(made.key)).body.data?.viewer.keyName).toBe("made through the API");

    const listed = await sdk(adminKey).apiKeys();
    expect(JSON.stringify(listed)).not.toContain(made.key);
    expect(listed.apiKeys.filter((key) => key.id === made.apiKey.id).map((key) => key.name)).toEqual(["made through the API"]);

    const trail = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query: `{ auditRecords(action: "createApiKey", first: 50) { nodes { action outcome subjectId arguments } } }` }),
    });
    const records = ((await trail.json()) as { data: { auditRecords: { nodes: { outcome: string; subjectId: string; arguments: string }[] } } }).data.auditRecords.nodes;
    const naming = records.filter((record) => record.subjectId === made.apiKey.id);
    expect(naming).toEqual([expect.objectContaining({ outcome: "OK" })]);
    expect(naming[0]?.arguments).not.toContain(made.key);
  });

  it("createApiKey refuses a STAFF key without a region as a ValidationError and writes nothing", async () => {
    await expect(sdk(adminKey).createApiKey({ input: { role: "STAFF", name: "no region" } }).then((result) => successOf(result.createApiKey))).rejects.toMatchObject({
      name: "ValidationError",
      field: "region",
    });
    expect((await sdk(adminKey).apiKeys()).apiKeys.some((key) => key.name === "no region")).toBe(false);
  });

  it("createApiKey and revokeApiKey are ADMIN only: a STAFF key is refused with FORBIDDEN and nothing changes", async () => {
    const staffKey = await cliKey("staff who tries", "--role", "STAFF", "--region", "73");
    const target = await apiMadeKey("not to be revoked by staff");
    for (const document of [
      `mutation { createApiKey(input: { role: ADMIN, name: "escalated" }) { __typename } }`,
      `mutation { revokeApiKey(idOrPrefix: "${target.id}") { __typename } }`,
    ]) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${staffKey}` },
        body: JSON.stringify({ query: document }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await viewer(target.key)).status).toBe(200);
    expect((await sdk(adminKey).apiKeys()).apiKeys.some((key) => key.name === "escalated")).toBe(false);
  }, 60_000);

  it("revokeApiKey (SDK) stops the key on its next request; revoking it again changes nothing", async () => {
    const made = await apiMadeKey("to be revoked");
    expect((await viewer(made.key)).status).toBe(200);
    const revoked = successOf((await sdk(adminKey).revokeApiKey({ idOrPrefix: made.id })).revokeApiKey);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect((await viewer(made.key)).status).toBe(401);
    const again = successOf((await sdk(adminKey).revokeApiKey({ idOrPrefix: revoked.prefix })).revokeApiKey);
    expect(again.revokedAt).toBe(revoked.revokedAt);
  });

  it("a key revoked with `p3pd keys revoke` while serving is refused within the 2 s a server trusts a key's row", async () => {
    const key = await cliKey("revoked by the operator", "--role", "PARTNER");
    expect((await viewer(key)).status).toBe(200);
    await keys("revoke", key.slice(0, 13));
    const revokedAt = Date.now();
    while ((await viewer(key)).status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    // A margin over the bound for the polling request's own time on a loaded machine.
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(keyCacheMs + 1_000);
    expect((await viewer(key)).status).toBe(401);
  }, 60_000);

  it("the keys made while serving survive a restart, and a revoked one stays revoked", async () => {
    const partnerKey = await cliKey("partner before the restart", "--role", "PARTNER");
    const staffKey = await cliKey("staff before the restart", "--role", "STAFF", "--region", "73");
    const revoked = await apiMadeKey("revoked before the restart");
    successOf((await sdk(adminKey).revokeApiKey({ idOrPrefix: revoked.id })).revokeApiKey);
    expect(await server.stop()).toBe(0);
    server = await startServeProcess(env);
    expect((await viewer(partnerKey)).body.data?.viewer.role).toBe("PARTNER");
    expect((await viewer(staffKey)).body.data?.viewer.role).toBe("STAFF");
    expect((await viewer(revoked.key)).status).toBe(401);
  }, 180_000);
});
