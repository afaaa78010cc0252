import type { GraphQLClient, SqlClient } from "../systems/clients.js";
import type { Driver, Queryable, Scenario } from "./scenario.js";

/**
 * page-walk: every village of one province through cursor pagination, 100 per page, as a partner
 * app syncing its copy of a province would.
 *
 * Neither API lists a province's villages directly (ours nests them under kecamatan, PostGraphile
 * the same), but both list all villages in code order with cursors, and codes start with the
 * province code: so the walk takes the first province in code order, starts at the first page
 * and stops at the first page that reaches past the province. Every system walks exactly the
 * same pages.
 */
export const pageSize = 100;

export interface VillageRow {
  code: string;
  name: string;
  kind: string;
}

/** The shared shape: the province's villages in walk order, and how many pages it took. */
export interface PageWalk {
  provinceCode: string;
  pages: number;
  villages: VillageRow[];
}

/** One page, whatever the system: its rows, and the cursor to pass for the next one (null when there is none). */
interface Page {
  villages: VillageRow[];
  next: string | null;
}

const oursPageQuery = `query VillagePage($after: String) {
  regions(level: VILLAGE, first: ${pageSize}, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { code name ... on Village { kind } }
  }
}`;

interface OursPage {
  regions: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { code: string; name: string; kind?: string }[] };
}

const postgraphilePageQuery = `query VillagePage($after: Cursor) {
  allVillages(first: ${pageSize}, after: $after, orderBy: CODE_ASC) {
    pageInfo { hasNextPage endCursor }
    nodes { code name kind }
  }
}`;

interface PostGraphilePage {
  allVillages: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: VillageRow[] };
}

/** Keyset pagination, the cursor being the last code: one row more than the page tells whether another follows. */
const pageSql = `SELECT json_build_object(
    'villages', coalesce(json_agg(json_build_object('code', code, 'name', name, 'kind', kind) ORDER BY code) FILTER (WHERE position <= $2), '[]'::json),
    'more', count(*) > $2)::text AS json
  FROM (SELECT code, name, kind, row_number() OVER (ORDER BY code) AS position
        FROM village WHERE code > $1 ORDER BY code LIMIT $2 + 1) page`;

/** A walker over one system's pages: where the province's villages end, it starts again from the first page. */
function walkDriver(provinceCode: string, fetchPage: (cursor: string | null) => Promise<Page>): Driver<PageWalk> {
  const inProvince = (village: VillageRow) => village.code.startsWith(`${provinceCode}.`);
  /** Is this the walk's last page: nothing follows, or it already holds a village past the province? */
  const isLast = (page: Page) => page.next === null || page.villages.some((village) => !inProvince(village));
  return {
    async answer() {
      const walk: PageWalk = { provinceCode, pages: 0, villages: [] };
      let cursor: string | null = null;
      for (;;) {
        const page = await fetchPage(cursor);
        walk.pages++;
        walk.villages.push(...page.villages.filter(inProvince));
        if (isLast(page)) return walk;
        cursor = page.next;
      }
    },
    worker() {
      let cursor: string | null = null;
      return async () => {
        const page = await fetchPage(cursor);
        cursor = isLast(page) ? null : page.next;
      };
    },
  };
}

/** The first province in code order: the walk starts at the very first village (see above). */
export async function firstProvinceCode(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ code: string }>("SELECT min(code) AS code FROM province");
  const code = rows[0]?.code;
  if (!code) throw new Error("page-walk needs the tree: the province table is empty");
  return code;
}

export function pageWalkScenario(provinceCode: string): Scenario<PageWalk> {
  return {
    name: "page-walk",
    description: `all villages of province ${provinceCode} through cursor pagination, ${pageSize} per page`,
    unit: "page",
    ours: (client: GraphQLClient) =>
      walkDriver(provinceCode, async (after) => {
        const { regions } = await client.request<OursPage>(oursPageQuery, { after });
        return {
          villages: regions.nodes.map(({ code, name, kind }) => ({ code, name, kind: kind ?? "" })),
          next: regions.pageInfo.hasNextPage ? regions.pageInfo.endCursor : null,
        };
      }),
    postgraphile: (client: GraphQLClient) =>
      walkDriver(provinceCode, async (after) => {
        const { allVillages } = await client.request<PostGraphilePage>(postgraphilePageQuery, { after });
        return { villages: allVillages.nodes, next: allVillages.pageInfo.hasNextPage ? allVillages.pageInfo.endCursor : null };
      }),
    sql: (client: SqlClient) =>
      walkDriver(provinceCode, async (after) => {
        const page = await client.json<{ villages: VillageRow[]; more: boolean }>({ name: "village_page", text: pageSql, values: [after ?? "", pageSize] });
        return { villages: page.villages, next: page.more ? (page.villages.at(-1)?.code ?? null) : null };
      }),
  };
}
