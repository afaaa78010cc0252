import DataLoader from "dataloader";
import type { DirectSql } from "../db/direct-sql.js";
import type { RowShape } from "../db/sql-statement.js";
import type { Kabupaten, Kecamatan, Village } from "../db/generated/prisma/client.js";
import { pageConditions, regionSql } from "./sql.js";
import type { RegionPageRequest } from "./page-request.js";

/** One page of one parent's children, as a cursor connection asks for it. */
export interface ChildPageRequest extends RegionPageRequest {
  parentCode: string;
  /** Case-insensitive substring of the name; null lists every child. */
  search: string | null;
}

/** A page request without its parent: requests of one shape, whatever their parents, share a statement. */
type PageShape = Omit<ChildPageRequest, "parentCode">;

/** Where a level's rows live, and which column and field hold a row's parent. */
interface ChildTable<Row> {
  table: string;
  columns: string;
  row: RowShape<Row>;
  parentColumn: string;
  parentCodeOf(row: Row): string;
}

const kabupatenTable: ChildTable<Kabupaten> = { ...regionSql.KABUPATEN, parentColumn: "province_code", parentCodeOf: (row) => row.provinceCode };
const kecamatanTable: ChildTable<Kecamatan> = { ...regionSql.KECAMATAN, parentColumn: "kabupaten_code", parentCodeOf: (row) => row.kabupatenCode };
const villageTable: ChildTable<Village> = { ...regionSql.VILLAGE, parentColumn: "kecamatan_code", parentCodeOf: (row) => row.kecamatanCode };

/**
 * The requested page of every parent in one statement: a LATERAL subquery per parent reads just
 * its page from the (parent, code) index, so a request for ten villages of each of 400 kecamatan
 * reads 4,000 rows, never the kecamatan's whole villages.
 */
async function readChildPages<Row>(
  sql: DirectSql,
  { table, parentColumn, columns, row }: ChildTable<Row>,
  parentCodes: readonly string[],
  page: PageShape,
): Promise<Row[]> {
  const parameters: unknown[] = [parentCodes, page.limit];
  const conditions = [`child.${parentColumn} = parent.code`, ...pageConditions(page, "child", parameters)];
  const direction = page.descending ? "DESC" : "ASC";
  return sql.rows(
    {
      text: `SELECT page.* FROM unnest($1::text[]) WITH ORDINALITY AS parent(code, position)
     CROSS JOIN LATERAL (
       SELECT ${columns} FROM ${table} child
       WHERE ${conditions.join(" AND ")}
       ORDER BY child.code ${direction} LIMIT $2
     ) page
     ORDER BY parent.position, page.code ${direction}`,
      row,
    },
    parameters,
  );
}

/**
 * Pages of one level's children, keyed by page shape and then by parent. The shape's key is
 * computed once per request for a page, the parent code is the loader's own key: a deep tree
 * asks for hundreds of pages, so each request's shape is serialised once, not per lookup.
 */
export interface ChildPageLoader<Row> {
  load(request: ChildPageRequest): Promise<Row[]>;
}

function createChildPageLoader<Row>(sql: DirectSql, table: ChildTable<Row>): ChildPageLoader<Row> {
  const loadersByShape = new Map<string, DataLoader<string, Row[]>>();
  const loaderFor = (shape: PageShape) => {
    const key = JSON.stringify([shape.search, shape.after, shape.before, shape.limit, shape.descending]);
    let loader = loadersByShape.get(key);
    if (!loader) {
      loader = new DataLoader(async (parentCodes: readonly string[]) => {
        const rows = await readChildPages(sql, table, parentCodes, shape);
        const byParent = new Map<string, Row[]>(parentCodes.map((code) => [code, []]));
        for (const row of rows) byParent.get(table.parentCodeOf(row))?.push(row);
        return parentCodes.map((code) => byParent.get(code) ?? []);
      });
      loadersByShape.set(key, loader);
    }
    return loader;
  };
  return { load: ({ parentCode, ...shape }) => loaderFor(shape).load(parentCode) };
}

/** Per-request loaders of the tree's child pages, one statement per level and page shape. */
export interface ChildPageLoaders {
  kabupatens: ChildPageLoader<Kabupaten>;
  kecamatans: ChildPageLoader<Kecamatan>;
  villages: ChildPageLoader<Village>;
}

export function createChildPageLoaders(sql: DirectSql): ChildPageLoaders {
  return {
    kabupatens: createChildPageLoader(sql, kabupatenTable),
    kecamatans: createChildPageLoader(sql, kecamatanTable),
    villages: createChildPageLoader(sql, villageTable),
  };
}
