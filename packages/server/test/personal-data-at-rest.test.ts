import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { planDemo } from "../src/demo/plan.js";
import type { PersonRow } from "../src/demo/person.js";
import { readDemoTree } from "../src/demo/tree.js";
import { loadAllData } from "../src/import/load-data.js";
import { silentProgress } from "../src/progress.js";
import { migrationsDir } from "../src/paths.js";
import { envelopePattern } from "../src/personal-data/cipher.js";
import { encryptPlaintextPeople } from "../src/personal-data/encrypt-plaintext.js";
import { nikHashOf, openPersonal } from "../src/personal-data/personal-fields.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";

const run = promisify(execFile);
const seed = 20240628;

/**
 * What a search of raw bytes finds of a set of values. Numbers are looked for in any form a
 * writer might have given them (digits with spaces, dots, dashes or brackets between groups), and
 * emails in any case: every run of digits and separators is reduced to its digits, every
 * email-shaped token lowercased, and the values are looked up in those.
 */
function foundIn(bytes: Buffer, values: { digits: string[]; emails: string[]; texts: string[] }) {
  const text = bytes.toString("latin1");
  const digitRuns = (text.match(/[0-9][0-9 .()+-]{6,}[0-9]/g) ?? []).map((run) => run.replace(/[^0-9]/g, "")).join("|");
  const emailTokens = (text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+/g) ?? []).map((token) => token.toLowerCase()).join("|");
  return {
    digits: values.digits.filter((digits) => digitRuns.includes(digits)),
    emails: values.emails.filter((email) => emailTokens.includes(email.toLowerCase())),
    texts: values.texts.filter((value) => text.includes(value)),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every byte the database holds at rest: `pg_dump` of PostgreSQL, or every file of PGlite's data folder once closed. */
async function bytesAtRest(fresh: FreshDatabase): Promise<Buffer> {
  if (testEngine === "postgresql") {
    const { stdout } = await run("/usr/lib/postgresql/15/bin/pg_dump", ["--dbname", fresh.database.connectionString], { encoding: "buffer", maxBuffer: 1 << 30 });
    return stdout;
  }
  if (!fresh.dataDir) throw new Error("An embedded test database has a data folder");
  await fresh.database.close();
  const files = await filesUnder(path.join(fresh.dataDir, "pglite"));
  return Buffer.concat(await Promise.all(files.map((file) => readFile(file))));
}

describe(`personal data at rest (${testEngine})`, () => {
  it("the byte search finds a NIK written with separators, an email in capitals and a name", () => {
    const dump = Buffer.from("x 7371 0101-0190.0001 y SITI.R@EXAMPLE.ORG z Siti Rahma");
    expect(foundIn(dump, { digits: ["7371010101900001", "7371010101900002"], emails: ["siti.r@example.org"], texts: ["Siti Rahma"] })).toEqual({
      digits: ["7371010101900001"],
      emails: ["siti.r@example.org"],
      texts: ["Siti Rahma"],
    });
  });

  describe("after a demo load", () => {
    let fresh: FreshDatabase;
    let prisma: PrismaClient;
    let sample: PersonRow[];
    let dump: Buffer;
    beforeAll(async () => {
      fresh = await createFreshDatabase();
      prisma = createPrismaClient(fresh.database);
      await applyPendingMigrations(fresh.database);
      await preparePersonalData(prisma, fresh.database);
      await loadAllData(prisma, silentProgress);
      await seedDemo(prisma, { scale: "program", seed, replace: false }, silentProgress);
      const people = planDemo(await readDemoTree(prisma), { scale: "program", seed }).people;
      // 200 people spread over the whole plan, each with a NIK and a phone, a third with an email.
      sample = Array.from({ length: 200 }, (_, i) => people[Math.floor((i * people.length) / 200)]!);
      await prisma.$disconnect();
      dump = await bytesAtRest(fresh);
    });
    // The embedded database was closed to read its files: only its folder is left to delete.
    afterAll(() => (fresh.dataDir ? rm(fresh.dataDir, { recursive: true, force: true }) : fresh.destroy()));

    it("holds none of the demo's NIKs, phone numbers or emails, in any form, yet holds their names", () => {
      const emails = sample.flatMap((person) => (person.email ? [person.email] : []));
      expect(emails.length).toBeGreaterThan(30);
      const found = foundIn(dump, { digits: sample.flatMap((person) => [person.nik, person.phone]), emails, texts: sample.slice(0, 20).map((person) => person.fullName) });
      expect(found.digits).toEqual([]);
      expect(found.emails).toEqual([]);
      // Names stay plain (STAFF search them): finding them proves the search read the people's rows.
      expect(found.texts).toHaveLength(20);
    });
  });
});

describe("the migration to encrypted columns", () => {
  let fresh: FreshDatabase;
  let prisma: PrismaClient;
  let before: string;
  const legacy = Array.from({ length: 7 }, (_, i) => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    nik: `99010101019${String(i).padStart(5, "0")}`,
    phone: i % 2 === 0 ? `08110000000${i}` : null,
    email: i % 3 === 0 ? `legacy.${i}@example.org` : null,
  }));
  beforeAll(async () => {
    fresh = await createFreshDatabase();
    prisma = createPrismaClient(fresh.database);
    // The migrations as they stood before this one (every folder that sorts before it), then rows
    // as the code of then wrote them.
    before = await mkdtemp(path.join(tmpdir(), "p3pd-migrations-"));
    const encryption = "20261202172639_personal_data_encryption";
    const isLaterMigration = (source: string) => {
      const folder = path.relative(migrationsDir, source).split(path.sep)[0] ?? "";
      return /^\d{14}_/.test(folder) && folder >= encryption;
    };
    await cp(migrationsDir, before, { recursive: true, filter: (source) => !isLaterMigration(source) });
    await applyPendingMigrations(fresh.database, before);
    await prisma.$executeRawUnsafe(`INSERT INTO province (code, name) VALUES ('99', 'Legacy')`);
    for (const row of legacy) {
      await prisma.$executeRaw`INSERT INTO person (id, full_name, nik, phone, email, institution, home_province_code, updated_at)
        VALUES (${row.id}::uuid, 'Legacy person', ${row.nik}, ${row.phone}, ${row.email}, 'OTHER', '99', now())`;
    }
    await applyPendingMigrations(fresh.database);
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await fresh.destroy();
    await rm(before, { recursive: true, force: true });
  });

  it("leaves the existing rows readable, then the start-up step encrypts them in batches, once", async () => {
    const prepared = await preparePersonalData(prisma, fresh.database);
    expect(prepared.encrypted).toBe(legacy.length);
    const stored = await prisma.person.findMany({ where: { homeProvinceCode: "99" }, orderBy: { id: "asc" } });
    for (const [i, person] of stored.entries()) {
      expect(person.nik).toMatch(envelopePattern);
      if (person.phone !== null) expect(person.phone).toMatch(envelopePattern);
      if (person.email !== null) expect(person.email).toMatch(envelopePattern);
      expect({ nik: openPersonal("nik", person.nik), phone: openPersonal("phone", person.phone), email: openPersonal("email", person.email) }).toEqual({
        nik: legacy[i]!.nik,
        phone: legacy[i]!.phone,
        email: legacy[i]!.email,
      });
      expect(person.nikHash).toBe(nikHashOf(legacy[i]!.nik));
    }
    // Idempotent: nothing is left to do, whatever the batch size.
    expect(await encryptPlaintextPeople(prisma, 2)).toBe(0);
  });

  it("finishes a run stopped midway: rows encrypted already are left alone, the others done, past slices with none", async () => {
    await prisma.$executeRaw`UPDATE person SET nik = ${"99010101019" + "00099"}, nik_hash = NULL WHERE id = ${legacy[6]!.id}::uuid`;
    const kept = await prisma.person.findUniqueOrThrow({ where: { id: legacy[0]!.id } });
    // Slices of 2 rows: the last legacy row is found after three slices holding nothing in plain text.
    expect(await encryptPlaintextPeople(prisma, 1, 2)).toBe(1);
    expect(await prisma.person.findUniqueOrThrow({ where: { id: legacy[0]!.id } })).toEqual(kept);
    const redone = await prisma.person.findUniqueOrThrow({ where: { id: legacy[6]!.id } });
    expect(openPersonal("nik", redone.nik)).toBe("9901010101900099");
  });

  it("refuses a second person with the same NIK through its hash", async () => {
    await expect(
      prisma.person.create({ data: { fullName: "Twin", nik: "anything", nikHash: nikHashOf(legacy[1]!.nik), institution: "OTHER", homeProvinceCode: "99" } }),
    ).rejects.toMatchObject({ code: "P2002" });
  });
});
