import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../src/access/api-keys.js";
import { measureOperation } from "../src/http/query-cost.js";
import { queryLimits } from "../src/http/query-limits.js";
import { scopesOf } from "../src/schema/access-scopes.js";
import type { Context } from "../src/schema/context.js";
import { schema } from "../src/schema/index.js";
import { createTestApi, type GraphQLResponse } from "./support/graphql-api.js";
import { globalIdOf } from "./support/row-id.js";
import { sealPersonFields } from "../src/personal-data/personal-fields.js";

/**
 * The proof that personal data never reaches an anonymous or PARTNER caller, whatever the path:
 * every path from the Query root to a Person (through any field, interface or union, without
 * going through the same type twice) is turned into a query for all four personal fields and run
 * three times. A STAFF key for the region holding a person made here must see that person's data
 * through every path that can reach it (so the walk is not vacuous); anonymous and PARTNER
 * callers must get an error instead, and none of the values.
 */
const api = createTestApi();
const region = { province: "12", kabupaten: "", kecamatan: "", village: "" };
const marker = `walk-${process.pid}-${Date.now().toString(36)}`;
const ids = { person: "", training: "", enrollment: "" };
const keys = { staff: "", partner: "" };
const personalValues: string[] = [];
const createdTrainings: string[] = [];

const personalFieldNames = ["fullName", "nik", "phone", "email"];
const maxDepth = 6;
// The person made here lives in the first kabupaten, kecamatan and village of province 12, the
// second province: the first two items of every page along the tree reach it.
const pageSize = 2;

beforeAll(async () => {
  const first = async (rows: Promise<{ code: string }[]>) => (await rows)[0]?.code ?? "";
  region.kabupaten = await first(api.prisma.kabupaten.findMany({ where: { provinceCode: region.province }, orderBy: { code: "asc" }, take: 1 }));
  region.kecamatan = await first(api.prisma.kecamatan.findMany({ where: { kabupatenCode: region.kabupaten }, orderBy: { code: "asc" }, take: 1 }));
  region.village = await first(api.prisma.village.findMany({ where: { kecamatanCode: region.kecamatan }, orderBy: { code: "asc" }, take: 1 }));
  const plain = {
    nik: `3${String(Date.now() % 10 ** 10).padStart(10, "0")}${String(process.pid % 10 ** 5).padStart(5, "0")}`,
    phone: `+62 812 ${marker}`,
    email: `walker.${marker}@example.org`,
  };
  const fullName = `Walker ${marker}`;
  const person = await api.prisma.person.create({
    data: {
      fullName,
      ...sealPersonFields(plain),
      institution: "DPMD",
      homeProvinceCode: region.province,
      homeKabupatenCode: region.kabupaten,
      homeKecamatanCode: region.kecamatan,
      homeVillageCode: region.village,
    },
  });
  personalValues.push(fullName, plain.nik, plain.phone, plain.email);
  ids.person = person.id;
  const places = [
    { level: "PROVINCIAL_TOT", provinceCode: region.province },
    { level: "KECAMATAN_TRAINING", provinceCode: region.province, kabupatenCode: region.kabupaten },
    { level: "VILLAGE_SESSION", provinceCode: region.province, kabupatenCode: region.kabupaten, kecamatanCode: region.kecamatan },
  ] as const;
  for (const place of places) {
    const training = await api.prisma.training.create({ data: { ...place, title: `Walk ${place.level} ${marker}`, status: "COMPLETED" } });
    createdTrainings.push(training.id);
    const enrollment = await api.prisma.enrollment.create({
      data: { trainingId: training.id, personId: person.id, role: "PARTICIPANT", completed: true, certifiedTrainer: place.level === "PROVINCIAL_TOT" },
    });
    ids.training = training.id;
    ids.enrollment = enrollment.id;
  }
  keys.staff = (await createApiKey(api.prisma, { role: "STAFF", regionCode: region.province, name: `walk staff ${marker}` })).key;
  keys.partner = (await createApiKey(api.prisma, { role: "PARTNER", name: `walk partner ${marker}` })).key;
});

afterAll(async () => {
  await api.prisma.training.deleteMany({ where: { id: { in: createdTrainings } } });
  await api.prisma.person.deleteMany({ where: { id: ids.person } });
  await api.prisma.apiKey.updateMany({ where: { name: { endsWith: marker } }, data: { revokedAt: new Date() } });
  await api.close();
});

// ─── Paths from the root to a Person ────────────────────────────────────────────────────────────

interface Step {
  field: GraphQLField<unknown, unknown>;
  /** The concrete type the step is taken from, when the field's type was abstract. */
  on: string | null;
}

/** Every path from Query to a Person object, visiting no type twice on one path. */
function pathsToPerson(): Step[][] {
  const paths: Step[][] = [];
  const visit = (type: GraphQLCompositeType, trail: Step[], seen: ReadonlySet<string>) => {
    const concrete: readonly GraphQLObjectType[] = isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : [];
    for (const object of concrete) {
      if (seen.has(object.name)) continue;
      // Reached through an interface or union: the field that led here needs `... on Object`.
      const on = isAbstractType(type) ? object.name : null;
      if (object.name === "Person") {
        paths.push(trail.map((step, index) => (index === trail.length - 1 ? { ...step, on } : step)));
        continue;
      }
      if (trail.length >= maxDepth) continue;
      const nextSeen = new Set(seen).add(object.name);
      for (const field of Object.values(object.getFields())) {
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        const stepsSoFar = trail.length > 0 ? [...trail.slice(0, -1), { ...trail[trail.length - 1]!, on }] : trail;
        visit(named, [...stepsSoFar, { field, on: null }], nextSeen);
      }
    }
  };
  visit(schema.getQueryType()!, [], new Set());
  return paths;
}


/** The key of the row made here (or of its region) for each Node type, for node(id:) and nodes(ids:). */
function nodeIdFor(type: string | null): string {
  const keysByType: Record<string, string> = {
    Person: ids.person,
    Training: ids.training,
    Enrollment: ids.enrollment,
    Province: region.province,
    Kabupaten: region.kabupaten,
    Kecamatan: region.kecamatan,
    Village: region.village,
    Stage: "2",
    CurriculumModule: "1",
  };
  const key = type ? keysByType[type] : undefined;
  if (!key) throw new Error(`The walk has no node of type ${type}`);
  return globalIdOf(type!, key);
}

/** Arguments that aim each field at the region and rows made here; required ones always. */
function argumentsOf(field: GraphQLField<unknown, unknown>, nextOn: string | null): string {
  const value = (arg: GraphQLArgument): string | undefined => {
    if (arg.name === "first") return String(pageSize);
    if (arg.name === "code") {
      const byField: Record<string, string> = { province: region.province, kabupaten: region.kabupaten, kecamatan: region.kecamatan, village: region.village, region: region.village };
      return JSON.stringify(byField[field.name] ?? region.province);
    }
    if (arg.name === "regionCode") return JSON.stringify(region.province);
    if (arg.name === "id") return JSON.stringify(nodeIdFor(nextOn));
    if (arg.name === "ids") return JSON.stringify([nodeIdFor(nextOn)]);
    if (arg.name === "personId") return JSON.stringify(nodeIdFor("Person"));
    // Stage 2 holds province 12.
    if (arg.name === "number") return "2";
    // Regions of every level come in code order: provinces alone reach province 12 within a page.
    if (arg.name === "level" && field.name === "regions") return "PROVINCE";
    if (isNonNullType(arg.type)) throw new Error(`The walk cannot fill the required argument ${field.name}(${arg.name})`);
    return undefined;
  };
  const given = field.args.flatMap((arg) => {
    const text = value(arg);
    return text === undefined ? [] : [`${arg.name}: ${text}`];
  });
  return given.length > 0 ? `(${given.join(", ")})` : "";
}

/** The selection for one path, ending in the Person's id and its personal fields. */
function selectionFor(path: Step[]): string {
  let selection = `id ${personalFieldNames.join(" ")}`;
  for (let index = path.length - 1; index >= 0; index--) {
    const step = path[index]!;
    const inner = step.on ? `... on ${step.on} { ${selection} }` : selection;
    selection = `${step.field.name}${argumentsOf(step.field, step.on)} { ${inner} }`;
  }
  return selection;
}

/** Paths per request at most, each under its own alias: within the token and alias limits. */
const pathsPerRequest = 12;

const documentOf = (batch: Step[][]) => `{ ${batch.map((path, index) => `p${index}: ${selectionFor(path)}`).join(" ")} }`;

/** The paths in requests of at most `pathsPerRequest`, each within the limit of report roll-ups (paths through coverage). */
function batchesOf(paths: Step[][]): Step[][][] {
  const batches: Step[][][] = [];
  let batch: Step[][] = [];
  for (const path of paths) {
    const next = [...batch, path];
    const reports = measureOperation(schema, parse(documentOf(next)), undefined, {}).reports;
    if (batch.length > 0 && (next.length > pathsPerRequest || reports > queryLimits.reports)) {
      batches.push(batch);
      batch = [path];
    } else batch = next;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

const describePath = (path: Step[]) => path.map((step) => `${step.field.name}${step.on ? `<${step.on}>` : ""}`).join(".");

const leaksOf = (response: GraphQLResponse) => {
  const text = JSON.stringify(response.data ?? null);
  return personalValues.filter((value) => text.includes(value));
};

describe("personal data in the schema", () => {
  it("is marked on exactly Person's full name, NIK, phone and email, and on no other field of those names", () => {
    const marked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.extensions.personalData === true) marked.push(`${type.name}.${field.name}`);
        // A field of that name anywhere else would be personal data too, and must be marked.
        if (personalFieldNames.includes(field.name)) expect(field.extensions.personalData, `${type.name}.${field.name}`).toBe(true);
      }
    }
    expect(marked.sort()).toEqual(personalFieldNames.map((name) => `Person.${name}`).sort());
  });

  it("is a scope that only STAFF and ADMIN callers hold", () => {
    const scopesFor = (role: Context["caller"]["role"]) =>
      scopesOf({ caller: role === "ANONYMOUS" ? { role, clientAddress: "test" } : { role, keyId: null, prefix: "p", name: "n", regionCode: null, persistedOnly: false } } as Context);
    expect([scopesFor("ANONYMOUS"), scopesFor("PARTNER"), scopesFor("STAFF"), scopesFor("ADMIN")].map((scopes) => scopes.personalData)).toEqual([false, false, true, true]);
  });
});

describe("every path from the root to a person", () => {
  it("shows a STAFF key of the person's region the personal fields, and anonymous and PARTNER callers an error instead", { timeout: 240_000 }, async () => {
    const paths = pathsToPerson();
    // The walk must find the obvious routes, or it proves nothing.
    const described = paths.map(describePath);
    expect(described).toContain("people.nodes");
    expect(described).toContain("node<Person>");
    expect(described.some((path) => path.startsWith("trainings.nodes.enrollments.nodes.person"))).toBe(true);
    expect(paths.length).toBeGreaterThan(50);
    process.stderr.write(`personal-data walk: ${paths.length} paths from the root to a Person\n`);

    const reachedBy = new Set<string>();
    const personId = globalIdOf("Person", ids.person);
    for (const batch of batchesOf(paths)) {
      const document = documentOf(batch);
      const [staff, anonymous, partner] = await Promise.all([keys.staff, null, keys.partner].map((apiKey) => api.query(document, {}, { apiKey })));
      // The STAFF key is refused only what lies outside its region (the coverage of province 11, say).
      for (const error of staff!.errors ?? []) expect(error.message, document).toMatch(/outside the subtree of region 12/);
      batch.forEach((path, index) => {
        const answer = JSON.stringify(staff!.data?.[`p${index}`] ?? null);
        if (personalValues.every((value) => answer.includes(value))) reachedBy.add(path[0]!.field.name);
      });
      for (const [caller, response, refusal] of [["anonymous", anonymous!, "UNAUTHENTICATED"], ["PARTNER", partner!, "FORBIDDEN"]] as const) {
        const where = `${caller} via ${batch.map(describePath).join(" | ")}`;
        expect(leaksOf(response), where).toEqual([]);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        expect(codes.filter((code) => code !== refusal), where).toEqual([]);
        // Where the person is in the answer, its personal fields must have been refused.
        if (JSON.stringify(response.data ?? null).includes(personId)) expect(codes.length, `${where} answered without an error`).toBeGreaterThan(0);
      }
    }
    // Every root field that leads to a Person led the STAFF key to the person made here.
    const roots = new Set(paths.map((path) => path[0]!.field.name));
    expect([...roots].filter((root) => !reachedBy.has(root))).toEqual([]);
  });
});
