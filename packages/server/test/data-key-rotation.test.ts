import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { repoRoot } from "../src/paths.js";
import { dataKeyOf, keyIdOf, open } from "../src/personal-data/cipher.js";
import { keyringOf, parseDataKey } from "../src/personal-data/keyring.js";
import { nikHashOf, sealPersonFields } from "../src/personal-data/personal-fields.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

const p3pd = path.join(repoRoot, "packages", "server", "bin", "p3pd-dev.js");
const people = 400;

/** `p3pd data-key rotate` on the test's database; `killAfterFirstBatch` SIGKILLs it once it reports its first batch. */
function rotate(fresh: FreshDatabase, env: NodeJS.ProcessEnv, killAfterFirstBatch: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [p3pd, "data-key", "rotate", "--batch-size", "5"], {
    env: { ...process.env, ...env, DATABASE_URL: testEngine === "postgresql" ? fresh.database.connectionString : "", P3PD_DATA_DIR: fresh.dataDir ?? "" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (killAfterFirstBatch && /Re-encrypted \d+ people so far/.test(stderr)) child.kill("SIGKILL");
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
}

describe(`p3pd data-key rotate (${testEngine})`, () => {
  let fresh: FreshDatabase;
  let prisma: PrismaClient;
  const oldKey = parseDataKey(process.env.P3PD_DATA_KEY ?? "", "P3PD_DATA_KEY");
  const newSecret = randomBytes(32);
  const newKey = dataKeyOf(newSecret);
  const both = keyringOf(newKey, [oldKey]);
  const env = { P3PD_DATA_KEY: newSecret.toString("base64"), P3PD_DATA_KEYS_PREVIOUS: process.env.P3PD_DATA_KEY };
  const plain = Array.from({ length: people }, (_, i) => ({
    nik: `9901010101${String(i).padStart(6, "0")}`,
    phone: `0811${String(i).padStart(8, "0")}`,
    email: i % 3 === 0 ? `rotasi.${i}@example.org` : null,
  }));

  const stored = () => prisma.person.findMany({ orderBy: { id: "asc" } });
  const keysOf = async () => {
    const rows = await stored();
    return rows.flatMap((row) => [row.nik, row.phone, row.email].flatMap((value) => (value === null ? [] : [keyIdOf(value)])));
  };
  /** Every value, read with the old and the new key (what a server holding both sees), in NIK order like `plain`. */
  const readable = async () =>
    (await stored())
      .map((row) => ({
        nik: row.nik && open(both.keyOf, "person.nik", row.nik),
        phone: row.phone && open(both.keyOf, "person.phone", row.phone),
        email: row.email && open(both.keyOf, "person.email", row.email),
      }))
      .sort((a, b) => (a.nik ?? "").localeCompare(b.nik ?? ""));

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    prisma = createPrismaClient(fresh.database);
    await applyPendingMigrations(fresh.database);
    await preparePersonalData(prisma, fresh.database);
    await prisma.$executeRawUnsafe(`INSERT INTO province (code, name) VALUES ('99', 'Rotasi')`);
    await prisma.person.createMany({ data: plain.map((fields, i) => ({ fullName: `Rotasi ${i}`, institution: "OTHER", homeProvinceCode: "99", ...sealPersonFields(fields) })) });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await fresh.destroy();
  });

  it("killed after its first batch leaves every value readable, part under the new key; run again, it finishes", async () => {
    const hashes = (await stored()).map((row) => row.nikHash);
    const killed = await rotate(fresh, env, true);
    expect(killed.signal).toBe("SIGKILL");
    const midway = await keysOf();
    const moved = midway.filter((id) => id === newKey.id).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(midway.length);
    expect(midway.filter((id) => id !== newKey.id && id !== oldKey.id)).toEqual([]);
    expect(await readable()).toEqual(plain);

    const resumed = await rotate(fresh, env, false);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`every value is under data key ${newKey.id}`));
    expect(new Set(await keysOf())).toEqual(new Set([newKey.id]));
    expect(await readable()).toEqual(plain);
    // The NIK's hash never changes with the data key: uniqueness and matching hold throughout.
    expect((await stored()).map((row) => row.nikHash)).toEqual(hashes);
    expect(hashes[0]).toBe(nikHashOf(plain[0]!.nik));
  });
});
