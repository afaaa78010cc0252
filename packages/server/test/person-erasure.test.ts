import { execFile } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { homeCodeOf } from "../src/cascade/places.js";
import { applyPendingMigrations } from "../src/db/migrations.js";
import { createPrismaClient, type PrismaClient } from "../src/db/prisma.js";
import { seedDemo } from "../src/demo/index.js";
import { loadAllData } from "../src/import/load-data.js";
import { nikHashOf, openPersonal } from "../src/personal-data/personal-fields.js";
import { preparePersonalData } from "../src/personal-data/prepare.js";
import { silentProgress } from "../src/progress.js";
import { schema } from "../src/schema/index.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "./support/fresh-database.js";
import { createTestApi, type GraphQLResponse, type TestApi } from "./support/graphql-api.js";
import { globalIdOf } from "./support/row-id.js";

const run = promisify(execFile);

/** Every indicator of a coverage report, its child rows' too: walked from the schema, so an indicator added later is compared as well. */
function indicatorSelection(type: GraphQLObjectType, childLevels: number, seen: ReadonlySet<string> = new Set()): string {
  const fields = Object.values(type.getFields()).flatMap((field) => {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) return [];
    const named = getNamedType(field.type);
    if (isLeafType(named)) return [field.name];
    if (named === type) return childLevels > 0 ? [`${field.name} { ${indicatorSelection(type, childLevels - 1, seen)} }`] : [];
    if (isObjectType(named) && !seen.has(named.name)) return [`${field.name} { ${indicatorSelection(named, 0, new Set([...seen, type.name]))} }`];
    return [];
  });
  return fields.join(" ");
}

const coverageType = schema.getType("Coverage");
if (!isObjectType(coverageType)) throw new Error("The schema has no Coverage type");
const coverageQuery = `query ($code: String) { coverage(regionCode: $code) { ${indicatorSelection(coverageType, 1)} } }`;

const eraseMutation = `mutation ($id: ID!, $reason: String!) {
  erasePerson(id: $id, reason: $reason) {
    __typename
    ... on ErasePersonSuccess { data { erasedAt alreadyErased person { id fullName nik phone email gender position institution homeRegionCode erasedAt enrollments { totalCount } } } }
    ... on Error { message }
    ... on ValidationError { field }
    ... on NotFoundError { entity id }
  }
}`;

type EraseResponse = GraphQLResponse<{ erasePerson: Record<string, unknown> | null }>;

const codesOf = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Which of the values a search of raw bytes finds. */
function foundIn(bytes: Buffer, values: string[]): string[] {
  const text = bytes.toString("latin1");
  return values.filter((value) => text.includes(value));
}

describe(`erasing a person (${testEngine})`, () => {
  let fresh: FreshDatabase;
  let prisma: PrismaClient;
  let api: TestApi;
  let staffKey: string;
  let partnerKey: string;
  /** Demo people of one kabupaten, each with enrollments, renamed so that no one else bears their names. */
  let chosen: { id: string; fullName: string; nik: string; phone: string; email: string | null; stored: { nik: string; phone: string; email: string | null; nikHash: string } }[];
  let kabupatenCode: string;
  let provinceCode: string;
  let reportsBefore: unknown[];
  let closed = false;

  /** Every byte the database holds at rest: `pg_dump` of PostgreSQL, or every file of PGlite's data folder (after a checkpoint, or closed). */
  async function bytesAtRest(): Promise<Buffer> {
    if (testEngine === "postgresql") {
      const { stdout } = await run("/usr/lib/postgresql/15/bin/pg_dump", ["--dbname", fresh.database.connectionString], { encoding: "buffer", maxBuffer: 1 << 30 });
      return stdout;
    }
    if (!fresh.dataDir) throw new Error("An embedded test database has a data folder");
    const files = await filesUnder(path.join(fresh.dataDir, "pglite"));
    return Buffer.concat(await Promise.all(files.map((file) => readFile(file))));
  }

  /** The name in plain text, the NIK, phone and email as typed and as stored (sealed), and the NIK's keyed hash. */
  const tracesOf = (people: typeof chosen): string[] =>
    people.flatMap((person) => [
      person.fullName,
      person.nik,
      person.phone,
      person.stored.nik,
      person.stored.phone,
      person.stored.nikHash,
      ...(person.email && person.stored.email ? [person.email, person.stored.email] : []),
    ]);

  /** The coverage reports' data (a response's rate-limit figures differ from one request to the next). */
  const reports = () =>
    Promise.all(
      [null, provinceCode, kabupatenCode].map(async (code) => {
        const response = await api.query(coverageQuery, { code });
        expect(response.errors).toBeUndefined();
        return response.data;
      }),
    );
  const erase = (id: string, reason: string, apiKey?: string): Promise<EraseResponse> =>
    api.query(eraseMutation, { id: globalIdOf("Person", id), reason }, apiKey === undefined ? {} : { apiKey });
  const rowOf = (id: string) => prisma.person.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    prisma = createPrismaClient(fresh.database);
    await applyPendingMigrations(fresh.database);
    await preparePersonalData(prisma, fresh.database);
    await loadAllData(prisma, silentProgress);
    await seedDemo(prisma, { scale: "program", seed: 20240628, replace: false }, silentProgress);
    api = createTestApi(prisma);
    // The kabupaten with the most certified trainers, and eight of its people with enrollments,
    // trainers first. Demo names repeat, so each gets a name of its own: only then does finding
    // no trace of it in the bytes prove anything.
    const [top] = await prisma.$queryRaw<{ code: string }[]>`
      SELECT p.home_kabupaten_code AS code FROM person p JOIN enrollment e ON e.person_id = p.id
       WHERE e.certified_trainer GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`;
    kabupatenCode = top!.code;
    provinceCode = kabupatenCode.slice(0, 2);
    const picked = await prisma.$queryRaw<{ id: string }[]>`
      SELECT p.id::text AS id FROM person p
       WHERE p.home_kabupaten_code = ${kabupatenCode} AND p.nik IS NOT NULL AND p.phone IS NOT NULL
         AND EXISTS (SELECT 1 FROM enrollment e WHERE e.person_id = p.id)
       ORDER BY (SELECT bool_or(e.certified_trainer) FROM enrollment e WHERE e.person_id = p.id) DESC, p.email IS NULL, p.id LIMIT 8`;
    const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    for (const [index, { id }] of picked.entries()) {
      await prisma.$executeRaw`UPDATE person SET full_name = full_name || ${` Erasable${index}x${tag}`} WHERE id = ${id}::uuid`;
    }
    const people = await prisma.person.findMany({ where: { id: { in: picked.map((row) => row.id) } }, orderBy: { id: "asc" } });
    chosen = people.map((person) => ({
      id: person.id,
      fullName: person.fullName!,
      nik: openPersonal("nik", person.nik)!,
      phone: openPersonal("phone", person.phone)!,
      email: openPersonal("email", person.email),
      stored: { nik: person.nik!, phone: person.phone!, email: person.email, nikHash: person.nikHash! },
    }));
    staffKey = (await createApiKey(prisma, { role: "STAFF", regionCode: provinceCode, name: "Erasure staff" })).key;
    partnerKey = (await createApiKey(prisma, { role: "PARTNER", name: "Erasure partner" })).key;
    reportsBefore = await reports();
  }, 600_000);

  afterAll(async () => {
    if (closed && fresh.dataDir) return rm(fresh.dataDir, { recursive: true, force: true });
    await prisma.$disconnect();
    await fresh.destroy();
  });

  it("chose people with enrollments, certified trainers among them, whose values are at rest before erasure", async () => {
    expect(chosen).toHaveLength(8);
    const certified = await prisma.enrollment.count({ where: { personId: { in: chosen.map((person) => person.id) }, certifiedTrainer: true } });
    expect(certified).toBeGreaterThan(0);
    if (testEngine === "pglite") await prisma.$executeRawUnsafe("CHECKPOINT");
    const before = foundIn(await bytesAtRest(), tracesOf(chosen));
    // The names and the sealed values are there (the NIK, phone and email as typed are not: they are encrypted).
    for (const person of chosen) expect(before).toEqual(expect.arrayContaining([person.fullName, person.stored.nik, person.stored.phone, person.stored.nikHash]));
  });

  it("refuses a STAFF key of the person's own province and a PARTNER key as FORBIDDEN, and changes nothing", async () => {
    const person = chosen[0]!;
    const before = await rowOf(person.id);
    for (const key of [staffKey, partnerKey]) {
      const response = await erase(person.id, "Asked by the person", key);
      expect(codesOf(response)).toEqual(["FORBIDDEN"]);
      expect(response.data?.erasePerson ?? null).toBeNull();
    }
    expect(await rowOf(person.id)).toEqual(before);
  });

  it("answers a ValidationError for a blank reason, BAD_USER_INPUT for one over 500 characters, NotFoundError for an unknown id: nothing changes", async () => {
    const person = chosen[0]!;
    const before = await rowOf(person.id);
    const blank = await erase(person.id, "   ");
    expect(blank.data?.erasePerson).toEqual({ __typename: "ValidationError", field: "reason", message: "reason must not be empty." });
    const long = await erase(person.id, "x".repeat(501));
    expect(codesOf(long)).toEqual(["BAD_USER_INPUT"]);
    const unknownId = globalIdOf("Person", "00000000-0000-4000-8000-000000000000");
    const unknown = await api.query(eraseMutation, { id: unknownId, reason: "Asked by the person" });
    expect(unknown.data?.erasePerson).toEqual({ __typename: "NotFoundError", entity: "person", id: unknownId, message: `No person has the id "${unknownId}".` });
    expect(await rowOf(person.id)).toEqual(before);
  });

  it("erases an ADMIN's choice: every personal field null, institution, home and enrollments kept, the reason audited", async () => {
    const person = chosen[0]!;
    const before = await rowOf(person.id);
    const enrollments = await prisma.enrollment.findMany({ where: { personId: person.id }, orderBy: { id: "asc" } });
    const response = await erase(person.id, "Asked by the person, letter of 2 December");
    expect(response.errors).toBeUndefined();
    const result = response.data?.erasePerson;
    expect(result).toMatchObject({
      __typename: "ErasePersonSuccess",
      data: {
        alreadyErased: false,
        person: { fullName: null, nik: null, phone: null, email: null, gender: null, position: null, institution: before.institution, homeRegionCode: homeCodeOf(before), enrollments: { totalCount: enrollments.length } },
      },
    });
    const after = await rowOf(person.id);
    expect(after).toMatchObject({ fullName: null, nik: null, nikHash: null, phone: null, email: null, gender: null, position: null });
    expect(after.erasedAt?.toISOString()).toBe((result as { data: { erasedAt: string } }).data.erasedAt);
    expect(await prisma.enrollment.findMany({ where: { personId: person.id }, orderBy: { id: "asc" } })).toEqual(enrollments);
    const audit = await prisma.auditRecord.findMany({ where: { action: "erasePerson", outcome: "OK", subjectId: person.id } });
    expect(audit.map((record) => record.arguments)).toEqual([{ id: globalIdOf("Person", person.id), reason: "Asked by the person, letter of 2 December" }]);
  });

  it("is idempotent: erasing again answers alreadyErased with the first erasedAt and changes nothing", async () => {
    const person = chosen[0]!;
    const before = await rowOf(person.id);
    const again = await erase(person.id, "Asked twice");
    expect(again.data?.erasePerson).toMatchObject({ __typename: "ErasePersonSuccess", data: { alreadyErased: true, erasedAt: before.erasedAt?.toISOString() } });
    expect(await rowOf(person.id)).toEqual(before);
  });

  it("frees the NIK: the same NIK registers a new person; the erased one cannot be updated or enrolled again", async () => {
    const person = chosen[0]!;
    const registered = await api.query<{ registerPerson: { __typename: string; data?: { id: string; nik: string } } }>(
      `mutation ($nik: String!, $home: String!) { registerPerson(input: { fullName: "Newly registered", nik: $nik, institution: DESA, homeRegionCode: $home }) { __typename ... on RegisterPersonSuccess { data { id nik } } } }`,
      { nik: person.nik, home: kabupatenCode },
    );
    expect(registered.data?.registerPerson).toMatchObject({ __typename: "RegisterPersonSuccess", data: { nik: person.nik } });
    expect(registered.data?.registerPerson.data?.id).not.toBe(globalIdOf("Person", person.id));
    expect((await prisma.person.findUniqueOrThrow({ where: { nikHash: nikHashOf(person.nik) } })).erasedAt).toBeNull();
    const before = await rowOf(person.id);
    const updated = await api.query<{ updatePerson: { __typename: string; field?: string } }>(
      `mutation ($id: ID!) { updatePerson(id: $id, input: { fullName: "Back again" }) { __typename ... on ConflictError { field } } }`,
      { id: globalIdOf("Person", person.id) },
    );
    expect(updated.data?.updatePerson).toEqual({ __typename: "ConflictError", field: "id" });
    const training = await prisma.training.create({ data: { level: "KECAMATAN_TRAINING", provinceCode, kabupatenCode, title: "Erasure: open training", status: "PLANNED" } });
    const enrolled = await api.query<{ enroll: { __typename: string; field?: string } }>(
      `mutation ($t: ID!, $p: ID!) { enroll(input: { trainingId: $t, personId: $p, role: PARTICIPANT }) { __typename ... on ConflictError { field } } }`,
      { t: globalIdOf("Training", training.id), p: globalIdOf("Person", person.id) },
    );
    expect(enrolled.data?.enroll).toEqual({ __typename: "ConflictError", field: "personId" });
    expect(await rowOf(person.id)).toEqual(before);
    expect(await prisma.enrollment.count({ where: { trainingId: training.id } })).toBe(0);
    // Its own rows: the reports below compare with the counts before it.
    await prisma.training.delete({ where: { id: training.id } });
    await prisma.person.delete({ where: { nikHash: nikHashOf(person.nik) } });
  });

  it("leaves every indicator of the coverage report the same, at the country, the province and the kabupaten", async () => {
    const versionBefore = await prisma.$queryRaw<{ version: bigint }[]>`SELECT version FROM data_version WHERE id = 1`;
    for (const person of chosen.slice(1)) {
      const response = await erase(person.id, "Retention test");
      expect(response.data?.erasePerson).toMatchObject({ __typename: "ErasePersonSuccess", data: { alreadyErased: false } });
    }
    // Writes moved the data version, so the reports below are computed afresh, not served from the cache.
    expect(await prisma.$queryRaw<{ version: bigint }[]>`SELECT version FROM data_version WHERE id = 1`).not.toEqual(versionBefore);
    expect(await reports()).toEqual(reportsBefore);
  });

  it("leaves none of their values in the table, read with SQL", async () => {
    const ids = chosen.map((person) => person.id);
    const rows = await prisma.$queryRaw<{ full_name: string | null; nik: string | null; nik_hash: string | null; phone: string | null; email: string | null; erased: boolean }[]>`
      SELECT full_name, nik, nik_hash, phone, email, erased_at IS NOT NULL AS erased FROM person WHERE id = ANY(${ids}::uuid[])`;
    expect(rows).toEqual(ids.map(() => ({ full_name: null, nik: null, nik_hash: null, phone: null, email: null, erased: true })));
    const names = chosen.map((person) => person.fullName);
    const hashes = chosen.map((person) => person.stored.nikHash);
    const [matches] = await prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM person WHERE full_name = ANY(${names}::text[]) OR nik_hash = ANY(${hashes}::text[])`;
    expect(matches!.count).toBe(0n);
  });

  it(
    testEngine === "postgresql"
      ? "leaves none of their values in pg_dump: names, NIKs, phones, emails, their sealed forms and NIK hashes"
      : "leaves none of their values in any file of the data folder (tables, indexes, statistics, WAL), open or closed",
    async () => {
      const traces = tracesOf(chosen);
      expect(foundIn(await bytesAtRest(), traces)).toEqual([]);
      if (testEngine === "pglite") {
        // Closing writes a shutdown checkpoint; what is left then is what a copy of the folder holds.
        await prisma.$disconnect();
        await fresh.database.close();
        closed = true;
        expect(foundIn(await bytesAtRest(), traces)).toEqual([]);
      }
    },
  );
});
