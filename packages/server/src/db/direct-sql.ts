import type { Pool } from "pg";
import * as v from "valibot";
import type { StatementNamer } from "./prepared-statements.js";

/** What a hand-written statement's rows must look like, and the type they are then. */
export type RowShape<Row> = v.GenericSchema<unknown, Row>;

/** A hand-written statement: its text and the shape of its rows. */
export interface SqlStatement<Row> {
  readonly text: string;
  readonly row: RowShape<Row>;
}

/** A row a statement returned that is not the shape its statement declares: a bug, not bad input. */
export class UnexpectedRowError extends Error {
  constructor(statement: string, issues: readonly v.BaseIssue<unknown>[]) {
    const where = issues.map((issue) => `${v.getDotPath(issue) ?? "row"}: ${issue.message}`).join("; ");
    super(`A row of "${statement.replace(/\s+/g, " ").slice(0, 120)}" does not match its declared shape (${where}).`);
    this.name = "UnexpectedRowError";
  }
}

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
    async rows<Row>({ text, row }: SqlStatement<Row>, values: readonly unknown[]) {
      onQuery?.(text);
      const result = await pool.query<Record<string, unknown>>({ name: nameOf?.(text), text, values: [...values] });
      return result.rows.map((raw) => {
        const decoded = v.safeParse(row, raw);
        if (!decoded.success) throw new UnexpectedRowError(text, decoded.issues);
        return decoded.output;
      });
    },
  };
}
