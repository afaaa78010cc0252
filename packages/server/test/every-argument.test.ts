import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.js";
import { hasKeyShape, isNodeTypename } from "../src/schema/key-shapes.js";
import { maxLengthFrom } from "../src/schema/text-limits.js";
import { createTestApi, type GraphQLResponse } from "./support/graphql-api.js";
import { globalIdOf } from "./support/row-id.js";

/**
 * Every String, ID, cursor and Date argument of the schema, and every such field of its input
 * types, found by walking the schema (so an argument added later is covered without a new case),
 * is sent values a caller may forge: NUL, a lone UTF-16 surrogate, one character over its length
 * limit, a global ID or cursor whose key is not the type's, a day PostgreSQL has not. Each must
 * answer BAD_USER_INPUT naming the argument, never an internal error, and write nothing.
 */
const api = createTestApi();
const marker = `arg${process.pid}x${Date.now().toString(36)}`;
let ids: { person: string; training: string; enrollment: string };

beforeAll(async () => {
  const person = await api.prisma.person.create({
    data: { fullName: `Arg person ${marker}`, institution: "DESA", homeProvinceCode: "73", homeKabupatenCode: "73.71", homeKecamatanCode: "73.71.01" },
  });
  const training = await api.prisma.training.create({
    data: { level: "KECAMATAN_TRAINING", provinceCode: "73", kabupatenCode: "73.71", title: `Arg training ${marker}`, startsOn: new Date("2024-09-02"), endsOn: new Date("2024-09-03") },
  });
  const enrollment = await api.prisma.enrollment.create({ data: { personId: person.id, trainingId: training.id, role: "PARTICIPANT" } });
  ids = { person: globalIdOf("Person", person.id), training: globalIdOf("Training", training.id), enrollment: globalIdOf("Enrollment", enrollment.id) };
});

afterAll(async () => {
  await api.prisma.training.deleteMany({ where: { title: { contains: marker } } });
  await api.prisma.person.deleteMany({ where: { fullName: { contains: marker } } });
  await api.close();
});

/** Valid values for the required arguments of each field (by "Type.field"); the test fails when a field with required arguments lacks them. */
const validArguments = (): Record<string, Record<string, unknown>> => ({
  "Query.province": { code: "73" },
  "Query.kabupaten": { code: "73.71" },
  "Query.kecamatan": { code: "73.71.01" },
  "Query.village": { code: "73.71.01.1001" },
  "Query.region": { code: "73" },
  "Query.stage": { number: 3 },
  "Query.node": { id: globalIdOf("Province", "73") },
  "Query.nodes": { ids: [globalIdOf("Province", "73")] },
  "Query.personalData": { personId: ids.person },
  "Mutation.createTraining": { input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `Made ${marker}`, startsOn: "2024-09-01", endsOn: "2024-09-02" } },
  "Mutation.updateTraining": { id: ids.training, input: { title: `Renamed ${marker}` } },
  "Mutation.cancelTraining": { id: ids.training },
  "Mutation.completeTraining": { id: ids.training },
  "Mutation.registerPerson": { input: { fullName: `Registered ${marker}`, institution: "DESA", homeRegionCode: "73.71.01" } },
  "Mutation.updatePerson": { id: ids.person, input: { fullName: `Updated ${marker}` } },
  "Mutation.enroll": { input: { trainingId: ids.training, personId: ids.person, role: "PARTICIPANT" } },
  "Mutation.recordAttendance": { enrollmentId: ids.enrollment, daysAttended: 1 },
  "Mutation.recordScores": { enrollmentId: ids.enrollment },
  "Mutation.createApiKey": { input: { name: `Key ${marker}`, role: "PARTNER" } },
  "Mutation.revokeApiKey": { idOrPrefix: "p3pd_00000000" },
  "Mutation.erasePerson": { id: ids.person, reason: `Asked ${marker}` },
  "Mutation.importParticipants": { trainingId: ids.training, rows: [{ fullName: `Imported ${marker}`, institution: "DESA", homeRegionCode: "73.71.01" }] },
});

/** Where a field of each type is reached from the root, around `{field}`. */
const reachOf = (): Record<string, (field: string) => string> => ({
  Query: (field) => field,
  Mutation: (field) => field,
  Region: (field) => `region(code: "73") { ${field} }`,
  Province: (field) => `node(id: "${globalIdOf("Province", "73")}") { ... on Province { ${field} } }`,
  Kabupaten: (field) => `node(id: "${globalIdOf("Kabupaten", "73.71")}") { ... on Kabupaten { ${field} } }`,
  Kecamatan: (field) => `node(id: "${globalIdOf("Kecamatan", "73.71.01")}") { ... on Kecamatan { ${field} } }`,
  Village: (field) => `node(id: "${globalIdOf("Village", "73.71.01.1001")}") { ... on Village { ${field} } }`,
  Person: (field) => `node(id: "${ids.person}") { ... on Person { ${field} } }`,
  Training: (field) => `node(id: "${ids.training}") { ... on Training { ${field} } }`,
});

const encoded = (text: string) => Buffer.from(text).toString("base64");

/** Values a caller may forge, by what the leaf is. */
function badValuesOf(kind: "text" | "id" | "cursor" | "date", maxLength: number): [string, string][] {
  const text: [string, string][] = [
    ["a NUL byte", "73\u0000"],
    ["a lone surrogate", "a\uD800b"],
    ["one character over its limit", "x".repeat(maxLength + 1)],
  ];
  if (kind === "id") {
    return [
      ...text,
      ["a Person ID whose key is not a UUID", encoded("Person:not-a-uuid")],
      ["a Training ID whose key is not a UUID", encoded("Training:12345")],
      ["an Enrollment ID whose key is not a UUID", encoded("Enrollment:'; drop table person; --")],
      ["a Stage ID whose key is not a number", encoded("Stage:three")],
      ["an ID of no type", encoded("ApiKey:00000000-0000-0000-0000-000000000000")],
    ];
  }
  if (kind === "cursor") {
    return [...text, ["a cursor whose key is not the connection's", encoded("GPC:S:not-a-key")], ["a cursor of a number", encoded("GPC:N:5")], ["not a cursor", "garbage"]];
  }
  if (kind === "date") return [["year 0", "0000-01-01"], ["a day that does not exist", "2024-02-30"], ["a five-digit year", "20240-01-01"]];
  return text;
}

interface Leaf {
  /** Path inside the argument's value, e.g. ["rows", 0, "fullName"]. */
  path: (string | number)[];
  kind: "text" | "id" | "cursor" | "date";
  maxLength: number;
}

/** The String, ID and Date leaves of an argument's type, input objects and lists followed. */
function leavesOf(type: GraphQLInputType, path: (string | number)[], maxLength: number, argumentName: string): Leaf[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return leavesOf(nullable.ofType, [...path, 0], maxLength, argumentName);
  if (isInputObjectType(nullable)) {
    return Object.values(nullable.getFields()).flatMap((field) => leavesOf(field.type, [...path, field.name], maxLengthFrom(field.extensions), argumentName));
  }
  const name = getNamedType(type).name;
  if (name === "ID") return [{ path, kind: "id", maxLength }];
  if (name === "Date") return [{ path, kind: "date", maxLength }];
  if (name === "String") return [{ path, kind: argumentName === "after" || argumentName === "before" ? "cursor" : "text", maxLength }];
  return [];
}

/** A copy of `value` with the leaf at `path` set to `bad` (missing objects and lists made on the way). */
function withLeaf(value: unknown, path: (string | number)[], bad: string): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return bad;
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...value] : [{}];
    list[head] = withLeaf(list[head], rest, bad);
    return list;
  }
  const object = value !== null && typeof value === "object" ? { ...value } : {};
  return { ...object, [head]: withLeaf((object as Record<string, unknown>)[head], rest, bad) };
}

interface Case {
  title: string;
  query: string;
  variables: Record<string, unknown>;
  named: string;
}

function casesOf(): { cases: Case[]; missing: string[] } {
  const valid = validArguments();
  const reach = reachOf();
  const cases: Case[] = [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.args.length === 0) continue;
      const key = `${type.name}.${field.name}`;
      const around = reach[type.name];
      const required = field.args.filter((argument) => argument.type.toString().endsWith("!") && argument.defaultValue === undefined);
      if (!around || (required.length > 0 && !valid[key])) {
        missing.push(key);
        continue;
      }
      const operation = type.name === "Mutation" ? "mutation" : "query";
      const selection = isCompositeType(getNamedType(field.type)) ? " { __typename }" : "";
      for (const argument of field.args) {
        for (const leaf of leavesOf(argument.type, [], maxLengthFrom(argument.extensions), argument.name)) {
          for (const [what, bad] of badValuesOf(leaf.kind, leaf.maxLength)) {
            const values: Record<string, unknown> = { ...valid[key] };
            values[argument.name] = withLeaf(values[argument.name], leaf.path, bad);
            const used = field.args.filter((arg) => arg.name in values);
            const declarations = used.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(", ");
            const call = `${field.name}(${used.map((arg) => `${arg.name}: $${arg.name}`).join(", ")})${selection}`;
            const leafName = [argument.name, ...leaf.path.filter((part): part is string => typeof part === "string")].at(-1) ?? argument.name;
            cases.push({
              title: `${key}(${[argument.name, ...leaf.path].join(".")}): ${what}`,
              query: `${operation} (${declarations}) { ${around(call)} }`,
              variables: values,
              named: leafName,
            });
          }
        }
      }
    }
  }
  return { cases, missing };
}

describe("every String, ID, cursor and Date argument refuses forged values", () => {
  it("the global-ID decoder knows exactly the schema's Node types, each with the shape of its keys", () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.getInterfaces().some((iface) => iface.name === "Node"));
    expect(nodeTypes.length).toBeGreaterThan(0);
    for (const type of nodeTypes) {
      expect(isNodeTypename(type.name), type.name).toBe(true);
      expect(hasKeyShape(type.name), type.name).toBe(true);
    }
    expect(isNodeTypename("ApiKey")).toBe(false);
  });

  it("knows how to reach every field with arguments, and valid values for their required ones", () => {
    expect(casesOf().missing).toEqual([]);
  });

  it("answers BAD_USER_INPUT naming the argument for each of them, and writes nothing", async () => {
    const { cases } = casesOf();
    expect(cases.length).toBeGreaterThan(300);
    const wrong: { title: string; response: GraphQLResponse }[] = [];
    for (const { title, query, variables, named } of cases) {
      const response = await api.query(query, variables);
      const errors = response.errors ?? [];
      const ok = errors.length > 0 && errors.every((error) => error.extensions?.code === "BAD_USER_INPUT") && errors.some((error) => error.message.includes(named));
      if (!ok) wrong.push({ title, response });
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    const written = await Promise.all([
      api.prisma.training.count({ where: { title: { contains: marker }, NOT: { title: `Arg training ${marker}` } } }),
      api.prisma.person.count({ where: { fullName: { contains: marker }, NOT: { fullName: `Arg person ${marker}` } } }),
      api.prisma.enrollment.count({ where: { training: { title: { contains: marker } } } }),
    ]);
    expect(written).toEqual([0, 0, 1]);
  });
});
