import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "../src/access/api-key-secrets.js";
import { createApiKey, listApiKeys } from "../src/access/api-keys.js";
import { ValidationError } from "../src/cascade/write-errors.js";
import { createAccessFixture, type AccessFixture } from "./support/access-fixture.js";
import { createTestApi, type GraphQLResponse } from "./support/graphql-api.js";
import { globalIdOf, rowIdOf } from "./support/row-id.js";

const api = createTestApi();
let fixture: AccessFixture;

beforeAll(async () => {
  fixture = await createAccessFixture(api.prisma, "acl");
});
afterAll(async () => {
  await fixture.remove();
  await api.close();
});

/** Names no other test uses, so "created nothing" counts only this file's rows. */
const refusedKeyName = `refused ${process.pid} ${Date.now().toString(36)}`;

const codesOf = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

describe("API keys", () => {
  it("are shown once and stored only as a SHA-256 hash under a prefix that names them", async () => {
    const { key, apiKey } = await createApiKey(api.prisma, { role: "PARTNER", name: `hash check ${fixture.marker}` });
    expect(key).toMatch(/^p3pd_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const row = await api.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(hashKey(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(apiKey.prefix.length + 1));
    const listed = (await listApiKeys(api.prisma)).find((candidate) => candidate.id === apiKey.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(key.slice(apiKey.prefix.length + 1));
  });

  it.each([
    ["an unknown role", { role: "OWNER", name: refusedKeyName }, "role"],
    ["a STAFF key without a region", { role: "STAFF", name: refusedKeyName }, "region"],
    ["a region on a PARTNER key", { role: "PARTNER", regionCode: "73", name: refusedKeyName }, "region"],
    ["a region that does not exist", { role: "STAFF", regionCode: "99", name: refusedKeyName }, "region"],
    ["an empty name", { role: "ADMIN", name: "  " }, "name"],
  ])("refuse %s with a ValidationError naming the option, and create nothing", async (_case, input, field) => {
    const error = await createApiKey(api.prisma, input).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(await api.prisma.apiKey.count({ where: { name: { in: [refusedKeyName, input.name, input.name.trim()] } } })).toBe(0);
  });

  it("stop working the moment revokeApiKey revokes them, with 401 UNAUTHENTICATED (elsewhere within 2 s: key-cache.test.ts)", async () => {
    const { key, apiKey } = await createApiKey(api.prisma, { role: "PARTNER", name: `revoke check ${fixture.marker}` });
    expect((await api.query("{ viewer { role keyPrefix } }", {}, { apiKey: key })).data).toEqual({ viewer: { role: "PARTNER", keyPrefix: apiKey.prefix } });
    const revoked = await api.query<{ revokeApiKey: { data: { revokedAt: string } } }>(
      `mutation ($prefix: String!) { revokeApiKey(idOrPrefix: $prefix) { ... on RevokeApiKeySuccess { data { revokedAt } } } }`,
      { prefix: apiKey.prefix },
    );
    const refused = await api.query("{ viewer { role } }", {}, { apiKey: key });
    expect(codesOf(refused)).toEqual(["UNAUTHENTICATED"]);
    expect(refused.errors?.[0]?.message).toBe(`The API key ${apiKey.prefix} was revoked on ${revoked.data?.revokeApiKey.data.revokedAt}.`);
    expect(refused.data).toBeUndefined();
  });

  it.each([
    ["a malformed key", "not-a-key", /malformed/],
    ["an unknown key", "p3pd_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", /p3pd_AAAAAAAA is not valid/],
    ["a wrong secret for a real prefix", "", /is not valid/],
    ["a header that is not Bearer", "Basic Zm9vOmJhcg==", /must read `Bearer <API key>`/],
  ])("answer %s with 401 UNAUTHENTICATED rather than treating it as anonymous", async (_case, key, message) => {
    const presented = key === "" ? `${fixture.keys.partner.slice(0, 14)}${"x".repeat(32)}` : key;
    const response = await api.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: key.startsWith("Basic") ? key : `Bearer ${presented}` },
      body: JSON.stringify({ query: "{ stages { number } }" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const body = (await response.json()) as GraphQLResponse;
    expect(codesOf(body)).toEqual(["UNAUTHENTICATED"]);
    expect(body.errors?.[0]?.message).toMatch(message);
  });
});

describe("persisted-only keys", () => {
  it("run the curated operations by hash, and are refused any other text with PERSISTED_QUERY_ONLY", async () => {
    const { key } = await createApiKey(api.prisma, { role: "PARTNER", name: `persisted ${fixture.marker}`, persistedOnly: true });
    const manifestFile = createRequire(import.meta.url).resolve("@p3pd/contract/persisted-operations.json");
    const manifest = Object.entries(JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, string>);
    const [sha256Hash] = manifest.find(([, text]) => /^query Stages\b/.test(text)) ?? [];
    expect(sha256Hash).toBeDefined();
    const send = (body: object) =>
      api.fetch("/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    const byHash = (await (await send({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).json()) as GraphQLResponse;
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toHaveProperty("stages");
    const byText = (await (await send({ query: "{ stages { number } }" })).json()) as GraphQLResponse;
    expect(codesOf(byText)).toEqual(["PERSISTED_QUERY_ONLY"]);
  });
});

describe("anonymous callers", () => {
  it("read the public reference data: regions, stages, curriculum modules", async () => {
    const response = await api.query("{ province(code: \"91\") { name } stages { number } curriculumModules { number } viewer { role } }", {}, { apiKey: null });
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ province: { name: expect.any(String) }, viewer: { role: "ANONYMOUS" } });
  });

  it.each([
    ["trainings", "{ trainings(first: 1) { totalCount } }", "Query.trainings"],
    ["people", "{ people(first: 1) { totalCount } }", "Query.people"],
    ["coverage", "{ coverage { villagesReached } }", "Query.coverage"],
    ["a region's trainings", '{ province(code: "91") { trainings(first: 1) { totalCount } } }', "Province.trainings"],
    ["a training by node(id)", "TRAINING_NODE", "Query.node"],
  ])("get UNAUTHENTICATED for %s, naming the field and what it needs, and no data", async (_case, query, field) => {
    const document = query === "TRAINING_NODE" ? `{ node(id: "${globalIdOf("Training", fixture.trainings.inside)}") { ... on Training { title } } }` : query;
    const response = await api.query(document, {}, { apiKey: null });
    expect(codesOf(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.errors?.[0]?.message).toMatch(/needs a PARTNER, STAFF or ADMIN key/);
    if (query !== "TRAINING_NODE") expect(response.errors?.[0]?.message).toContain(field);
    expect(JSON.stringify(response.data ?? {})).not.toContain(fixture.marker);
  });

  it("cannot write: UNAUTHENTICATED, and nothing is written", async () => {
    const response = await api.query(`mutation { registerPerson(input: { fullName: "Nobody ${fixture.marker}", institution: OTHER, homeRegionCode: "91" }) { __typename } }`, {}, { apiKey: null });
    expect(codesOf(response)).toEqual(["UNAUTHENTICATED"]);
    expect(await api.prisma.person.count({ where: { fullName: `Nobody ${fixture.marker}` } })).toBe(0);
  });
});

describe("PARTNER keys", () => {
  const asPartner = (query: string, variables: Record<string, unknown> = {}) => api.query(query, variables, { apiKey: fixture.keys.partner });

  it("read trainings, enrollments, coverage and people without personal fields, across the country", async () => {
    const response = await asPartner(
      `query ($id: ID!) { node(id: $id) { ... on Training { title regionCode enrollments(first: 10) { totalCount nodes { completed person { institution homeRegionCode } } } } } coverage { villagesReached } }`,
      { id: globalIdOf("Training", fixture.trainings.outside) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ node: { title: expect.stringContaining(fixture.marker), enrollments: { totalCount: 2 } } });
  });

  it.each(["fullName", "nik", "phone", "email"])("get FORBIDDEN for Person.%s, never the value", async (field) => {
    const response = await asPartner(`query ($id: ID!) { node(id: $id) { ... on Person { institution ${field} } } }`, { id: globalIdOf("Person", fixture.people.insider) });
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(response.errors?.[0]?.message).toMatch(new RegExp(`Person\\.${field} needs a STAFF or ADMIN key \\(personal data\\); this request uses a PARTNER key`));
    expect(JSON.stringify(response.data)).not.toContain(fixture.marker);
  });

  it("cannot search people by name, which would probe personal data", async () => {
    const response = await asPartner(`{ people(first: 5, search: "Insider ${fixture.marker}") { totalCount } }`);
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(response.data).toBeNull();
  });

  it("cannot write, nor read keys or the audit trail", async () => {
    const write = await asPartner(`mutation { createTraining(input: { level: KECAMATAN_TRAINING, regionCode: "${fixture.staffRegion}", title: "No ${fixture.marker}" }) { __typename } }`);
    expect(codesOf(write)).toEqual(["FORBIDDEN"]);
    expect(write.errors?.[0]?.message).toMatch(/Mutation.createTraining needs a STAFF or ADMIN key/);
    expect(await api.prisma.training.count({ where: { title: `No ${fixture.marker}` } })).toBe(0);
    expect(codesOf(await asPartner("{ apiKeys { prefix } }"))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await asPartner("{ auditRecords(first: 1) { totalCount } }"))).toEqual(["FORBIDDEN"]);
  });
});

describe("STAFF keys see and write only their region's subtree", () => {
  const asStaff = (query: string, variables: Record<string, unknown> = {}) => api.query(query, variables, { apiKey: fixture.keys.staff });

  it("list only the trainings held in the subtree, with counts to match", async () => {
    const response = await asStaff(`{ trainings(first: 100) { totalCount nodes { id regionCode } } }`);
    expect(response.errors).toBeUndefined();
    const { totalCount, nodes } = (response.data as { trainings: { totalCount: number; nodes: { id: string; regionCode: string }[] } }).trainings;
    const expected = await api.prisma.training.count({ where: { kabupatenCode: fixture.staffRegion } });
    expect(totalCount).toBe(expected);
    expect(nodes.map((node) => node.id)).toContain(globalIdOf("Training", fixture.trainings.inside));
    for (const node of nodes) expect(node.regionCode === fixture.staffRegion || node.regionCode.startsWith(`${fixture.staffRegion}.`)).toBe(true);
  });

  it("see the personal fields of people in the subtree", async () => {
    const response = await asStaff(`query ($id: ID!) { node(id: $id) { ... on Person { fullName nik phone email } } }`, { id: globalIdOf("Person", fixture.people.insider) });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ node: expect.objectContaining({ fullName: `Insider ${fixture.marker}`, phone: "+62 811 0000 001" }) });
  });

  it.each([
    ["a training in another province", "Training", "outside"],
    ["the provincial ToT above its kabupaten", "Training", "tot"],
    ["a person who neither lives nor trains in the subtree", "Person", "outsider"],
  ] as const)("cannot reach %s by node(id): FORBIDDEN", async (_case, type, which) => {
    const id = type === "Training" ? fixture.trainings[which as "outside" | "tot"] : fixture.people[which as "outsider"];
    const response = await asStaff(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalIdOf(type, id) });
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(response.errors?.[0]?.message).toMatch(new RegExp(`outside the subtree of region ${fixture.staffRegion.replace(".", "\\.")}`));
    expect(response.data).toEqual({ node: null });
  });

  it("cannot reach outside rows through a relation: a person's enrollments elsewhere are left out", async () => {
    const response = await asStaff(`query ($id: ID!) { node(id: $id) { ... on Person { enrollments(first: 10) { totalCount nodes { training { id } } } } } }`, {
      id: globalIdOf("Person", fixture.people.insider),
    });
    expect(response.errors).toBeUndefined();
    const enrollments = (response.data as { node: { enrollments: { totalCount: number; nodes: { training: { id: string } }[] } } }).node.enrollments;
    expect(enrollments.totalCount).toBe(1);
    expect(enrollments.nodes.map((node) => node.training.id)).toEqual([globalIdOf("Training", fixture.trainings.inside)]);
  });

  it("cannot read an outside enrollment by node(id) nor the coverage of another region or the country", async () => {
    const enrollment = await asStaff(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalIdOf("Enrollment", fixture.enrollments.outsideOutsider) });
    expect(codesOf(enrollment)).toEqual(["FORBIDDEN"]);
    expect(codesOf(await asStaff(`{ coverage { villagesReached } }`))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await asStaff(`{ coverage(regionCode: "92") { villagesReached } }`))).toEqual(["FORBIDDEN"]);
    const own = await asStaff(`{ coverage(regionCode: "${fixture.staffRegion}") { region { code } } }`);
    expect(own.errors).toBeUndefined();
  });

  it("write inside the subtree, and are refused outside it with FORBIDDEN and nothing written", async () => {
    const created = await asStaff(
      `mutation { createTraining(input: { level: KECAMATAN_TRAINING, regionCode: "${fixture.staffRegion}", title: "Inside ${fixture.marker}" }) { __typename ... on CreateTrainingSuccess { data { id } } } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data).toMatchObject({ createTraining: { __typename: "CreateTrainingSuccess" } });
    const createdId = rowIdOf((created.data as { createTraining: { data: { id: string } } }).createTraining.data.id);
    await api.prisma.training.delete({ where: { id: createdId } });

    const outside = await asStaff(`mutation { createTraining(input: { level: KECAMATAN_TRAINING, regionCode: "${fixture.outsideKabupaten}", title: "Outside ${fixture.marker}" }) { __typename } }`);
    expect(codesOf(outside)).toEqual(["FORBIDDEN"]);
    const scores = await asStaff(`mutation ($id: ID!) { recordScores(enrollmentId: $id, postTestScore: 10) { __typename } }`, { id: globalIdOf("Enrollment", fixture.enrollments.outsideOutsider) });
    expect(codesOf(scores)).toEqual(["FORBIDDEN"]);
    const enrollOutsider = await asStaff(`mutation ($t: ID!, $p: ID!) { enroll(input: { trainingId: $t, personId: $p, role: PARTICIPANT }) { __typename } }`, {
      t: globalIdOf("Training", fixture.trainings.inside),
      p: globalIdOf("Person", fixture.people.outsider),
    });
    expect(codesOf(enrollOutsider)).toEqual(["FORBIDDEN"]);
    const written = {
      trainings: await api.prisma.training.count({ where: { title: `Outside ${fixture.marker}` } }),
      enrollments: await api.prisma.enrollment.count({ where: { trainingId: fixture.trainings.inside, personId: fixture.people.outsider } }),
    };
    expect(written).toEqual({ trainings: 0, enrollments: 0 });
    const untouched = await api.prisma.enrollment.findUniqueOrThrow({ where: { id: fixture.enrollments.outsideOutsider } });
    expect(untouched.postTestScore).toBe(80);
  });
});

describe("the audit trail", () => {
  it("records every write a key attempts (which key, what, when, outcome), redacting personal values", async () => {
    const started = new Date(Date.now() - 1000);
    const response = await api.query(
      `mutation ($id: ID!) { updatePerson(id: $id, input: { phone: "+62 811 0000 009", position: "Auditor ${fixture.marker}" }) { __typename } }`,
      { id: globalIdOf("Person", fixture.people.insider) },
      { apiKey: fixture.keys.staff },
    );
    expect(response.errors).toBeUndefined();
    await api.query(`mutation { createTraining(input: { level: KECAMATAN_TRAINING, regionCode: "${fixture.outsideKabupaten}", title: "x" }) { __typename } }`, {}, { apiKey: fixture.keys.staff });
    const invalid = await api.query(
      `mutation ($id: ID!) { recordScores(enrollmentId: $id, postTestScore: 101) { __typename } }`,
      { id: globalIdOf("Enrollment", fixture.enrollments.insideInsider) },
      { apiKey: fixture.keys.staff },
    );
    // Refused as a typed error (a score over 100, on a training already completed).
    const refusal = (invalid.data as { recordScores: { __typename: string } }).recordScores.__typename;
    expect(refusal).toMatch(/^(ValidationError|ConflictError)$/);

    const prefix = fixture.keys.staff.slice(0, 13);
    const trail = await api.query<{ auditRecords: { nodes: { at: string; keyPrefix: string; role: string; action: string; arguments: string; outcome: string; subjectId: string | null }[] } }>(
      `query ($prefix: String!) { auditRecords(first: 10, keyPrefix: $prefix) { nodes { at keyPrefix role action arguments outcome subjectId } } }`,
      { prefix },
      { apiKey: fixture.keys.admin },
    );
    expect(trail.errors).toBeUndefined();
    const [invalidScore, refused, update] = trail.data!.auditRecords.nodes;
    expect(invalidScore).toMatchObject({ action: "recordScores", outcome: refusal, subjectId: null });
    expect(refused).toMatchObject({ keyPrefix: prefix, role: "STAFF", action: "createTraining", outcome: "FORBIDDEN" });
    expect(update).toMatchObject({ keyPrefix: prefix, role: "STAFF", action: "updatePerson", outcome: "OK", subjectId: fixture.people.insider });
    expect(new Date(update!.at).getTime()).toBeGreaterThanOrEqual(started.getTime());
    expect(JSON.parse(update!.arguments)).toEqual({ id: globalIdOf("Person", fixture.people.insider), input: { phone: "[redacted]", position: `Auditor ${fixture.marker}` } });
  });

  it("cannot be changed: no mutation touches it, and the database refuses updates and deletes", async () => {
    const mutations = await api.query<{ __type: { fields: { name: string }[] } }>("{ __type(name: \"Mutation\") { fields { name } } }");
    expect(mutations.data!.__type.fields.map((field) => field.name).filter((name) => /audit/i.test(name))).toEqual([]);
    await expect(api.prisma.$executeRawUnsafe(`UPDATE audit_record SET outcome = 'OK'`)).rejects.toThrow(/append-only/);
    await expect(api.prisma.$executeRawUnsafe(`DELETE FROM audit_record`)).rejects.toThrow(/append-only/);
  });
});
