import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import { singleRequestDriver, type Scenario } from "./scenario.js";

/**
 * deep-tree: stage 3 → its provinces → first N kabupaten → first N kecamatan → first N villages
 * each, with names, kinds and totalCounts: the README's query, as partner apps walk the tree.
 * N is 10 in the benchmark; the statement-count test also runs it at other sizes.
 */

interface Connection<Node> {
  totalCount: number;
  nodes: Node[];
}
interface VillageNode {
  code: string;
  name: string;
  kind: string;
}
interface KecamatanNode {
  code: string;
  name: string;
  villages: Connection<VillageNode>;
}
interface KabupatenNode {
  code: string;
  name: string;
  kind: string;
  kecamatans: Connection<KecamatanNode>;
}
interface StageProvinceNode {
  venueCity: string | null;
  participantQuota: number;
  province: { code: string; name: string; kabupatens: Connection<KabupatenNode> };
}

/** The shared shape: our server's answer, field for field. */
export interface DeepTree {
  stage: { name: string; period: string; startsOn: string | null; endsOn: string | null; provinces: StageProvinceNode[] } | null;
}

export const stageNumber = 3;

export const oursDeepTreeQuery = `query DeepTree($stage: Int!, $n: Int!) {
  stage(number: $stage) {
    name period startsOn endsOn
    provinces {
      venueCity participantQuota
      province { code name kabupatens(first: $n) { totalCount nodes { code name kind
        kecamatans(first: $n) { totalCount nodes { code name
          villages(first: $n) { totalCount nodes { code name kind } } } } } } }
    }
  }
}`;

/** The same tree through PostGraphile's amber names; `orderBy` gives our code order (its default is the primary key, the same here, but said outright). */
const postgraphileDeepTreeQuery = `query DeepTree($stage: Int!, $n: Int!) {
  stageByNumber(number: $stage) {
    name period startsOn endsOn
    stageProvincesByStageNumber(orderBy: PROVINCE_CODE_ASC) { nodes {
      venueCity participantQuota
      provinceByProvinceCode { code name kabupatensByProvinceCode(first: $n, orderBy: CODE_ASC) { totalCount nodes { code name kind
        kecamatansByKabupatenCode(first: $n, orderBy: CODE_ASC) { totalCount nodes { code name
          villagesByKecamatanCode(first: $n, orderBy: CODE_ASC) { totalCount nodes { code name kind } } } } } } }
    } }
  }
}`;

interface PostGraphileDeepTree {
  stageByNumber: {
    name: string;
    period: string;
    startsOn: string | null;
    endsOn: string | null;
    stageProvincesByStageNumber: {
      nodes: {
        venueCity: string | null;
        participantQuota: number;
        provinceByProvinceCode: {
          code: string;
          name: string;
          kabupatensByProvinceCode: Connection<{
            code: string;
            name: string;
            kind: string;
            kecamatansByKabupatenCode: Connection<{ code: string; name: string; villagesByKecamatanCode: Connection<VillageNode> }>;
          }>;
        };
      }[];
    };
  } | null;
}

function fromPostGraphile(answer: PostGraphileDeepTree): DeepTree {
  const stage = answer.stageByNumber;
  if (!stage) return { stage: null };
  return {
    stage: {
      name: stage.name,
      period: stage.period,
      startsOn: stage.startsOn,
      endsOn: stage.endsOn,
      provinces: stage.stageProvincesByStageNumber.nodes.map(({ venueCity, participantQuota, provinceByProvinceCode: province }) => ({
        venueCity,
        participantQuota,
        province: {
          code: province.code,
          name: province.name,
          kabupatens: {
            totalCount: province.kabupatensByProvinceCode.totalCount,
            nodes: province.kabupatensByProvinceCode.nodes.map((kabupaten) => ({
              code: kabupaten.code,
              name: kabupaten.name,
              kind: kabupaten.kind,
              kecamatans: {
                totalCount: kabupaten.kecamatansByKabupatenCode.totalCount,
                nodes: kabupaten.kecamatansByKabupatenCode.nodes.map((kecamatan) => ({
                  code: kecamatan.code,
                  name: kecamatan.name,
                  villages: kecamatan.villagesByKecamatanCode,
                })),
              },
            })),
          },
        },
      })),
    },
  };
}

/**
 * One statement: each level a correlated subquery that takes its first $2 rows by code through
 * the (parent, code) indexes and counts its siblings, the JSON built by PostgreSQL.
 */
const deepTreeSql = `SELECT json_build_object('stage', (
  SELECT json_build_object('name', s.name, 'period', s.period, 'startsOn', s.starts_on, 'endsOn', s.ends_on, 'provinces', coalesce((
    SELECT json_agg(json_build_object('venueCity', sp.venue_city, 'participantQuota', sp.participant_quota, 'province', json_build_object(
      'code', p.code, 'name', p.name, 'kabupatens', json_build_object(
        'totalCount', (SELECT count(*) FROM kabupaten WHERE province_code = p.code),
        'nodes', coalesce((
          SELECT json_agg(json_build_object('code', kb.code, 'name', kb.name, 'kind', kb.kind, 'kecamatans', json_build_object(
            'totalCount', (SELECT count(*) FROM kecamatan WHERE kabupaten_code = kb.code),
            'nodes', coalesce((
              SELECT json_agg(json_build_object('code', kc.code, 'name', kc.name, 'villages', json_build_object(
                'totalCount', (SELECT count(*) FROM village WHERE kecamatan_code = kc.code),
                'nodes', coalesce((
                  SELECT json_agg(json_build_object('code', v.code, 'name', v.name, 'kind', v.kind) ORDER BY v.code)
                  FROM (SELECT code, name, kind FROM village WHERE kecamatan_code = kc.code ORDER BY code LIMIT $2) v), '[]'::json)))
                ORDER BY kc.code)
              FROM (SELECT code, name FROM kecamatan WHERE kabupaten_code = kb.code ORDER BY code LIMIT $2) kc), '[]'::json)))
            ORDER BY kb.code)
          FROM (SELECT code, name, kind FROM kabupaten WHERE province_code = p.code ORDER BY code LIMIT $2) kb), '[]'::json))))
      ORDER BY sp.province_code)
    FROM stage_province sp JOIN province p ON p.code = sp.province_code
    WHERE sp.stage_number = s.number), '[]'::json))
  FROM stage s WHERE s.number = $1))::text AS json`;

export function deepTreeScenario(pageSize = 10): Scenario<DeepTree> {
  const variables = { stage: stageNumber, n: pageSize };
  return {
    name: "deep-tree",
    description: `stage ${stageNumber} → provinces → first ${pageSize} kabupaten → first ${pageSize} kecamatan → first ${pageSize} villages, names, kinds, totalCounts`,
    unit: "request",
    ours: (client: GraphQLClient) => singleRequestDriver(() => client.request<DeepTree>(oursDeepTreeQuery, variables), (tree) => tree),
    postgraphile: (client: GraphQLClient) =>
      singleRequestDriver(() => client.request<PostGraphileDeepTree>(postgraphileDeepTreeQuery, variables), fromPostGraphile),
    sql: (client: SqlClient) =>
      singleRequestDriver(() => client.json<DeepTree>({ name: "deep_tree", text: deepTreeSql, values: [stageNumber, pageSize] }), (tree) => tree),
  };
}
