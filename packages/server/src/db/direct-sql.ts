import type { Pool } from "pg";
import type { StatementNamer } from "./prepared-statements.js";
import { decodeRows, type SqlStatement } from "./sql-statement.js";

/**
 * Hand-written reads sent straight through the connection pool that Prisma's driver adapter uses,
 * for the hot paths of the region tree and of authentication. Prisma's raw queries map every row
 * of the result through its query engine, which on a small request costs more CPU than the
 * statement itself; `pg` hands the rows over as they are, and each is checked against the
 * statement's row shape, so a column renamed or retyped is an error where it is read rather than
 * a wrong value further on.
 * The rows come back as `pg` parses them: text as strings, int4 as numbers, int8 and numeric
 * as strings, so statements read here select only the types whose parsing matches Prisma's.
 */
export interface DirectSql {
  rows<Row>(statement: SqlStatement<Row>, values: readonly unknown[]): Promise<Row[]>;
}

export function createDirectSql(pool: Pool, nameOf: StatementNamer | undefined, onQuery?: (sql: string) => void): DirectSql {
  return {
    async rows<Row>(statement: SqlStatement<Row>, values: readonly unknown[]) {
      const { text } = statement;
      onQuery?.(text);
      const result = await pool.query<Record<string, unknown>>({ name: nameOf?.(text), text, values: [...values] });
      return decodeRows(statement, result.rows);
    },
  };
}
