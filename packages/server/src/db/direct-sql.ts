import type { Pool } from "pg";
import type { StatementNamer } from "./prepared-statements.js";

/** A row as a statement returns it, its columns named as selected. */
export type SqlRow = Record<string, unknown>;

/**
 * Hand-written reads sent straight through the connection pool that Prisma's driver adapter uses,
 * for the hot paths of the region tree. Prisma's raw queries map every row of the result through
 * its query engine, which on a small request costs more CPU than the statement itself; `pg`
 * hands the rows over as they are.
 * The rows come back as `pg` parses them: text as strings, int4 as numbers, int8 and numeric
 * as strings, so statements read here select only the types whose parsing matches Prisma's.
 */
export interface DirectSql {
  rows<Row extends SqlRow>(text: string, values: readonly unknown[]): Promise<Row[]>;
}

export function createDirectSql(pool: Pool, nameOf: StatementNamer | undefined, onQuery?: (sql: string) => void): DirectSql {
  return {
    async rows<Row extends SqlRow>(text: string, values: readonly unknown[]) {
      onQuery?.(text);
      const result = await pool.query<Row>({ name: nameOf?.(text), text, values: [...values] });
      return result.rows;
    },
  };
}
