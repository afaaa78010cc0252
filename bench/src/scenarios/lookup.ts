import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import { singleRequestDriver, type Queryable, type Scenario } from "./scenario.js";

/**
 * lookup: 50 regions of every level by code in one request, as an app resolving the codes in a
 * spreadsheet would. Ours takes them through `nodes(ids:)` (50 aliases would pass our alias
 * limit of 30); PostGraphile through 50 aliased `…ByCode` fields, its natural way.
 */

export type Level = "PROVINCE" | "KABUPATEN" | "KECAMATAN" | "VILLAGE";

export interface RegionRef {
  level: Level;
  code: string;
}

/** The shared shape: one entry per code asked for, in the order asked. */
export interface FoundRegion {
  level: Level;
  code: string;
  name: string;
  /** Kabupaten and village kinds; null for the other levels. */
  kind: string | null;
}

const tableOfLevel: Record<Level, string> = { PROVINCE: "province", KABUPATEN: "kabupaten", KECAMATAN: "kecamatan", VILLAGE: "village" };
const typeNameOfLevel: Record<Level, string> = { PROVINCE: "Province", KABUPATEN: "Kabupaten", KECAMATAN: "Kecamatan", VILLAGE: "Village" };
const hasKind = (level: Level) => level === "KABUPATEN" || level === "VILLAGE";

/** How many regions of each level the request asks for: 50 in all, most of them from the big levels. */
const perLevel: Record<Level, number> = { PROVINCE: 5, KABUPATEN: 10, KECAMATAN: 15, VILLAGE: 20 };

/**
 * The codes to look up: spread over the whole tree by a fixed pseudo-random order (md5 of the
 * code), then mixed across levels the same way, so every run asks for the same 50.
 */
export async function lookupRegions(db: Queryable): Promise<RegionRef[]> {
  const picks = (Object.keys(perLevel) as Level[]).map(
    (level) => `(SELECT '${level}' AS level, code FROM ${tableOfLevel[level]} ORDER BY md5(code) LIMIT ${perLevel[level]})`,
  );
  const { rows } = await db.query<{ level: Level; code: string }>(`SELECT level, code FROM (${picks.join(" UNION ALL ")}) picked ORDER BY md5(level || code)`);
  return rows;
}

/** Pothos' Relay global ID: base64 of "Typename:key". */
const globalId = (region: RegionRef) => Buffer.from(`${typeNameOfLevel[region.level]}:${region.code}`).toString("base64");

const oursLookupQuery = `query Lookup($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Region { level code name }
    ... on Kabupaten { kabupatenKind: kind }
    ... on Village { villageKind: kind }
  }
}`;

interface OursNode {
  level: Level;
  code: string;
  name: string;
  kabupatenKind?: string;
  villageKind?: string;
}

function postgraphileLookupQuery(regions: RegionRef[]): string {
  const fieldOfLevel: Record<Level, string> = {
    PROVINCE: "provinceByCode",
    KABUPATEN: "kabupatenByCode",
    KECAMATAN: "kecamatanByCode",
    VILLAGE: "villageByCode",
  };
  const fields = regions.map(
    (region, index) => `r${index}: ${fieldOfLevel[region.level]}(code: ${JSON.stringify(region.code)}) { code name${hasKind(region.level) ? " kind" : ""} }`,
  );
  return `query Lookup {\n  ${fields.join("\n  ")}\n}`;
}

/** One statement: the codes with their positions, each matched in its level's table by primary key. */
const lookupSql = `SELECT coalesce(json_agg(found ORDER BY wanted.position), '[]'::json)::text AS json
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS wanted(level, code, position)
  CROSS JOIN LATERAL (
    SELECT 'PROVINCE' AS level, code, name, NULL AS kind FROM province WHERE wanted.level = 'PROVINCE' AND code = wanted.code
    UNION ALL SELECT 'KABUPATEN', code, name, kind::text FROM kabupaten WHERE wanted.level = 'KABUPATEN' AND code = wanted.code
    UNION ALL SELECT 'KECAMATAN', code, name, NULL FROM kecamatan WHERE wanted.level = 'KECAMATAN' AND code = wanted.code
    UNION ALL SELECT 'VILLAGE', code, name, kind::text FROM village WHERE wanted.level = 'VILLAGE' AND code = wanted.code
  ) found`;

export function lookupScenario(regions: RegionRef[]): Scenario<FoundRegion[]> {
  const ids = regions.map(globalId);
  const postgraphileQuery = postgraphileLookupQuery(regions);
  return {
    name: "lookup",
    description: `${regions.length} regions of all four levels by code in one request`,
    unit: "request",
    ours: (client: GraphQLClient) =>
      singleRequestDriver(
        () => client.request<{ nodes: (OursNode | null)[] }>(oursLookupQuery, { ids }),
        ({ nodes }) =>
          nodes.map((node, index) => {
            if (!node) throw new Error(`ours found no region for ${regions[index]?.code}`);
            return { level: node.level, code: node.code, name: node.name, kind: node.kabupatenKind ?? node.villageKind ?? null };
          }),
      ),
    postgraphile: (client: GraphQLClient) =>
      singleRequestDriver(
        () => client.request<Record<string, { code: string; name: string; kind?: string } | null>>(postgraphileQuery),
        (answer) =>
          regions.map((region, index) => {
            const found = answer[`r${index}`];
            if (!found) throw new Error(`PostGraphile found no region for ${region.code}`);
            return { level: region.level, code: found.code, name: found.name, kind: found.kind ?? null };
          }),
      ),
    sql: (client: SqlClient) =>
      singleRequestDriver(
        () => client.json<FoundRegion[]>({ name: "lookup", text: lookupSql, values: [regions.map((r) => r.level), regions.map((r) => r.code)] }),
        (found) => found,
      ),
  };
}
