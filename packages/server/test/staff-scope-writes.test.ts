import { getIntrospectionQuery, type IntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { nikTakenMessage } from "../src/cascade/write-errors.js";
import { createGraphQLServer } from "../src/http/yoga.js";
import { nikConflictPoints } from "../src/schema/nik-conflicts.js";
import { createAccessFixture, type AccessFixture } from "./support/access-fixture.js";
import { createTestApi, testAdminKey, type GraphQLResponse } from "./support/graphql-api.js";
import { globalIdOf } from "./support/row-id.js";
import { openPersonal, sealPersonFields } from "../src/personal-data/personal-fields.js";

/**
 * A STAFF key of one kabupaten (province 91) against everything of province 92: every mutation of
 * the schema, the bulk import and the unique NIK as an oracle. Each attempt is followed by reads
 * proving nothing outside the subtree was written or became readable.
 */
const api = createTestApi();
let fixture: AccessFixture;
/** Trainings still open to enrolment, inside and outside the key's subtree. */
let openInside: string;
let openOutside: string;
let outsiderNik: string;
let outsiderHome: string;
/** The NIK of a second person living outside, for imports with several conflicts. */
let secondOutsiderNik: string;

const codesOf = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions?.code);
const asStaff = (query: string, variables: Record<string, unknown> = {}) => api.query(query, variables, { apiKey: fixture.keys.staff });

beforeAll(async () => {
  fixture = await createAccessFixture(api.prisma, "scope");
  const open = (provinceCode: string, kabupatenCode: string) =>
    api.prisma.training.create({
      data: { level: "KECAMATAN_TRAINING", provinceCode, kabupatenCode, title: `Open ${fixture.marker}`, status: "PLANNED", startsOn: new Date("2024-09-02"), endsOn: new Date("2024-09-03") },
      select: { id: true },
    });
  openInside = (await open("91", fixture.staffRegion)).id;
  openOutside = (await open("92", fixture.outsideKabupaten)).id;
  const outsider = await api.prisma.person.findUniqueOrThrow({ where: { id: fixture.people.outsider } });
  outsiderNik = openPersonal("nik", outsider.nik) ?? "";
  outsiderHome = outsider.homeKabupatenCode ?? outsider.homeProvinceCode;
  secondOutsiderNik = `3${outsiderNik.slice(1)}`;
  await api.prisma.person.create({
    data: { fullName: `Second outsider ${fixture.marker}`, ...sealPersonFields({ nik: secondOutsiderNik, phone: null, email: null }), institution: "BAPPEDA", homeProvinceCode: "92", homeKabupatenCode: fixture.outsideKabupaten },
  });
});

afterAll(async () => {
  await api.prisma.training.deleteMany({ where: { id: { in: [openInside, openOutside] } } });
  await api.prisma.person.deleteMany({ where: { fullName: { contains: fixture.marker }, id: { notIn: Object.values(fixture.people) } } });
  await fixture.remove();
  await api.close();
});

/** What the key can read of the outsider after an attempt: it must stay refused. */
async function expectOutsiderStillHidden() {
  const byId = await asStaff(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalIdOf("Person", fixture.people.outsider) });
  expect(codesOf(byId)).toEqual(["FORBIDDEN"]);
  expect(byId.data).toEqual({ node: null });
  const listed = await asStaff(`{ people(first: 100, regionCode: "92") { totalCount } }`);
  expect(listed.data).toEqual({ people: { totalCount: 0 } });
}

/** The rows of this file's own marker, and the outsider's own row and enrolments, as they stand. */
async function ownRows() {
  const [people, outsider, enrollments, trainings] = await Promise.all([
    api.prisma.person.count({ where: { fullName: { contains: fixture.marker } } }),
    api.prisma.person.findUniqueOrThrow({ where: { id: fixture.people.outsider } }),
    api.prisma.enrollment.findMany({ where: { trainingId: { in: [openInside, openOutside, ...Object.values(fixture.trainings)] } }, orderBy: { id: "asc" } }),
    api.prisma.training.findMany({ where: { title: { contains: fixture.marker } }, orderBy: { id: "asc" } }),
  ]);
  return { people, outsider, enrollments, trainings };
}

const importRows = `mutation ($training: ID!, $rows: [ParticipantRowInput!]!) {
  importParticipants(trainingId: $training, rows: $rows) {
    __typename
    ... on ImportParticipantsSuccess { data { rows peopleMatched enrolled } }
    ... on InvalidRowsError { rows { line field message } }
  }
}`;

/**
 * One attempt per mutation of the schema, each by the STAFF key against something outside its
 * subtree, and what it must get. A new mutation without a case here fails the completeness test.
 */
const outsideAttempts: Record<string, () => Promise<GraphQLResponse>> = {
  createTraining: () =>
    asStaff(`mutation ($r: String!, $t: String!) { createTraining(input: { level: KECAMATAN_TRAINING, regionCode: $r, title: $t }) { __typename } }`, {
      r: fixture.outsideKabupaten,
      t: `Outside ${fixture.marker}`,
    }),
  updateTraining: () => asStaff(`mutation ($id: ID!) { updateTraining(id: $id, input: { title: "Renamed" }) { __typename } }`, { id: globalIdOf("Training", openOutside) }),
  cancelTraining: () => asStaff(`mutation ($id: ID!) { cancelTraining(id: $id) { __typename } }`, { id: globalIdOf("Training", openOutside) }),
  completeTraining: () => asStaff(`mutation ($id: ID!) { completeTraining(id: $id) { __typename } }`, { id: globalIdOf("Training", openOutside) }),
  registerPerson: () =>
    asStaff(`mutation ($n: String!, $h: String!) { registerPerson(input: { fullName: $n, institution: BAPPEDA, homeRegionCode: $h }) { __typename } }`, {
      n: `Registered outside ${fixture.marker}`,
      h: fixture.outsideKabupaten,
    }),
  updatePerson: () => asStaff(`mutation ($id: ID!) { updatePerson(id: $id, input: { phone: "+62 812 9999 999" }) { __typename } }`, { id: globalIdOf("Person", fixture.people.outsider) }),
  enroll: () =>
    asStaff(`mutation ($t: ID!, $p: ID!) { enroll(input: { trainingId: $t, personId: $p, role: PARTICIPANT }) { __typename } }`, {
      t: globalIdOf("Training", openInside),
      p: globalIdOf("Person", fixture.people.outsider),
    }),
  recordAttendance: () =>
    asStaff(`mutation ($id: ID!) { recordAttendance(enrollmentId: $id, daysAttended: 1) { __typename } }`, { id: globalIdOf("Enrollment", fixture.enrollments.outsideOutsider) }),
  recordScores: () => asStaff(`mutation ($id: ID!) { recordScores(enrollmentId: $id, postTestScore: 1) { __typename } }`, { id: globalIdOf("Enrollment", fixture.enrollments.outsideOutsider) }),
  importParticipants: () =>
    asStaff(importRows, {
      training: globalIdOf("Training", openOutside),
      rows: [{ fullName: `Imported outside ${fixture.marker}`, institution: "BAPPEDA", homeRegionCode: fixture.outsideKabupaten }],
    }),
  createApiKey: () =>
    asStaff(`mutation ($r: String!, $n: String!) { createApiKey(input: { role: STAFF, regionCode: $r, name: $n }) { __typename } }`, {
      r: fixture.outsideKabupaten,
      n: `Outside ${fixture.marker}`,
    }),
  revokeApiKey: () => asStaff(`mutation ($k: String!) { revokeApiKey(idOrPrefix: $k) { __typename } }`, { k: fixture.keys.partner.slice(0, 13) }),
  erasePerson: () => asStaff(`mutation ($id: ID!) { erasePerson(id: $id, reason: "Asked") { __typename } }`, { id: globalIdOf("Person", fixture.people.outsider) }),
};

describe("a STAFF key against every write outside its subtree", () => {
  it("has an attempt for every mutation of the schema", async () => {
    const { data } = await api.query<IntrospectionQuery>(getIntrospectionQuery());
    const mutation = data?.__schema.types.find((type) => type.name === data.__schema.mutationType?.name);
    const fields = mutation && "fields" in mutation ? mutation.fields.map((field) => field.name) : [];
    expect(fields.length).toBeGreaterThan(0);
    expect(Object.keys(outsideAttempts).sort()).toEqual([...fields].sort());
  });

  it.each(Object.keys(outsideAttempts))("%s: FORBIDDEN, nothing written, the outsider still hidden", async (mutation) => {
    const before = await ownRows();
    const response = await outsideAttempts[mutation]!();
    expect(codesOf(response)).toEqual(["FORBIDDEN"]);
    expect(await ownRows()).toEqual(before);
    await expectOutsiderStillHidden();
  });
});

describe("the bulk import follows the single-person rules for every row", () => {
  it("refuses a row whose NIK belongs to someone outside as a NIK conflict, writes nothing and keeps them hidden", async () => {
    const before = await ownRows();
    const response = await asStaff(importRows, {
      training: globalIdOf("Training", openInside),
      rows: [
        { fullName: `Fresh ${fixture.marker}`, institution: "INSPEKTORAT", homeRegionCode: fixture.staffRegion },
        { fullName: "Any Name", nik: outsiderNik, institution: "INSPEKTORAT", homeRegionCode: fixture.staffRegion },
      ],
    });
    expect(response.data?.importParticipants).toEqual({ __typename: "InvalidRowsError", rows: [{ line: 2, field: "nik", message: nikTakenMessage }] });
    expect(JSON.stringify(response)).not.toMatch(/Outsider|outsider|92/);
    expect(await ownRows()).toEqual(before);
    await expectOutsiderStillHidden();
  });

  it("refuses new people and name matches living outside, with the same answer whether or not the NIK exists", async () => {
    const before = await ownRows();
    const attempt = (nik: string | null, fullName: string) =>
      asStaff(importRows, { training: globalIdOf("Training", openInside), rows: [{ fullName, nik, institution: "BAPPEDA", homeRegionCode: outsiderHome }] });
    const existing = await attempt(outsiderNik, "Any Name");
    const unknownNik = await attempt(`9${outsiderNik.slice(1, 15)}${(Number(outsiderNik.at(-1)) + 1) % 10}`, "Any Name");
    const byName = await attempt(null, `Outsider ${fixture.marker}`);
    for (const response of [existing, unknownNik, byName]) {
      expect(response.data?.importParticipants).toEqual({
        __typename: "InvalidRowsError",
        rows: [{ line: 1, field: "homeRegionCode", message: `This key may import only people living in region ${fixture.staffRegion}'s subtree.` }],
      });
    }
    expect(await ownRows()).toEqual(before);
    await expectOutsiderStillHidden();
  });

  it("still imports people of its own subtree", async () => {
    const response = await asStaff(importRows, {
      training: globalIdOf("Training", openInside),
      rows: [{ fullName: `Imported inside ${fixture.marker}`, institution: "KECAMATAN", homeRegionCode: fixture.kecamatanCode }],
    });
    expect(response.data?.importParticipants).toEqual({ __typename: "ImportParticipantsSuccess", data: { rows: 1, peopleMatched: 0, enrolled: 1 } });
  });
});

describe("a taken NIK tells a writer only that it is taken, at a price", () => {
  const registerWithNik = (nik: string, apiKey = fixture.keys.staff) =>
    api.query(
      `mutation ($nik: String!, $h: String!, $n: String!) {
        registerPerson(input: { fullName: $n, nik: $nik, institution: DPMD, homeRegionCode: $h }) { __typename ... on ConflictError { field message } }
      }`,
      { nik, h: fixture.staffRegion, n: `Prober ${fixture.marker}` },
      { apiKey },
    );

  it("registerPerson and updatePerson answer the same bare ConflictError, costing the NIK price, audited", async () => {
    const before = await ownRows();
    const registered = await registerWithNik(outsiderNik);
    expect(registered.data).toEqual({ registerPerson: { __typename: "ConflictError", field: "nik", message: nikTakenMessage } });
    expect(registered.extensions?.rateLimit).toMatchObject({ cost: 5 + nikConflictPoints });
    const updated = await asStaff(`mutation ($id: ID!, $nik: String!) { updatePerson(id: $id, input: { nik: $nik }) { __typename ... on ConflictError { field message } } }`, {
      id: globalIdOf("Person", fixture.people.insider),
      nik: outsiderNik,
    });
    expect(updated.data).toEqual({ updatePerson: { __typename: "ConflictError", field: "nik", message: nikTakenMessage } });
    expect(await ownRows()).toEqual(before);
    const audited = await api.prisma.auditRecord.findMany({ where: { outcome: "NIK_CONFLICT", action: { in: ["registerPerson", "updatePerson"] }, keyPrefix: fixture.keys.staff.slice(0, 13) } });
    expect(audited.map((record) => record.action).sort()).toEqual(["registerPerson", "updatePerson"]);
    expect(JSON.stringify(audited.map((record) => record.arguments))).not.toContain(outsiderNik);
  });

  it("a bulk import pays the NIK price for each conflicting row, and one audit record says how many", async () => {
    const response = await asStaff(importRows, {
      training: globalIdOf("Training", openInside),
      rows: [
        { fullName: "A", nik: outsiderNik, institution: "DPMD", homeRegionCode: fixture.staffRegion },
        { fullName: "B", nik: secondOutsiderNik, institution: "DPMD", homeRegionCode: fixture.kecamatanCode },
      ],
    });
    expect(response.data?.importParticipants).toEqual({
      __typename: "InvalidRowsError",
      rows: [1, 2].map((line) => ({ line, field: "nik", message: nikTakenMessage })),
    });
    expect(response.extensions?.rateLimit).toMatchObject({ cost: 5 + 2 * nikConflictPoints });
    const [record] = await api.prisma.auditRecord.findMany({
      where: { outcome: "NIK_CONFLICT", action: "importParticipants", keyPrefix: fixture.keys.staff.slice(0, 13) },
      orderBy: { id: "desc" },
      take: 1,
    });
    expect(record?.arguments).toEqual({ nikConflicts: 2 });
  });

  it("once the window cannot pay, answers RATE_LIMITED and says nothing of the NIK", async () => {
    const window = nikConflictPoints + 5 + 20;
    const limited = createGraphQLServer(api.prisma, { phase: "ready", checkDatabase: async () => true }, { adminKey: testAdminKey, rateLimitKeyPoints: window });
    const { key } = await createApiKey(api.prisma, { role: "STAFF", regionCode: fixture.staffRegion, name: `probe ${fixture.marker}` });
    const probe = async (nik: string) => {
      const response = await limited.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query: `mutation ($nik: String!, $h: String!) { registerPerson(input: { fullName: "P", nik: $nik, institution: DPMD, homeRegionCode: $h }) { __typename } }`,
          variables: { nik, h: fixture.staffRegion },
        }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse };
    };
    const first = await probe(outsiderNik);
    expect(first.body.data).toEqual({ registerPerson: { __typename: "ConflictError" } });
    const second = await probe(outsiderNik);
    expect(second.status).toBe(429);
    expect(codesOf(second.body)).toEqual(["RATE_LIMITED"]);
    expect(second.body.data?.registerPerson ?? null).toBeNull();
  });
});
