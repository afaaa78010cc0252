import * as v from "valibot";
import type { PrismaClient } from "./generated/prisma/client.js";

/** What a hand-written statement's rows must look like, and the type they are then. */
export type RowShape<Row> = v.GenericSchema<unknown, Row>;

/**
 * A hand-written statement: its text and the shape of its rows. Every statement the server writes
 * by hand is one of these, whichever path sends it (the direct reads of direct-sql.ts, or Prisma's
 * raw queries through `queryRows`), so no row reaches the code unchecked.
 */
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

/** The rows as the statement declares them, or UnexpectedRowError at the first that is not. */
export function decodeRows<Row>({ text, row }: SqlStatement<Row>, rows: readonly unknown[]): Row[] {
  return rows.map((raw) => {
    const decoded = v.safeParse(row, raw);
    if (!decoded.success) throw new UnexpectedRowError(text, decoded.issues);
    return decoded.output;
  });
}

/** What can run a raw query: the Prisma client or a transaction's client. */
export type RawQueryClient = Pick<PrismaClient, "$queryRawUnsafe">;

/**
 * Runs a statement through Prisma's raw queries (inside the caller's transaction when `client` is
 * one) and decodes its rows. Prisma maps the values first: int8 as bigint, numeric as Decimal,
 * timestamps as Date; shapes declare those types, or the statement casts to the one it wants.
 */
export async function queryRows<Row>(client: RawQueryClient, statement: SqlStatement<Row>, values: readonly unknown[] = []): Promise<Row[]> {
  return decodeRows(statement, await client.$queryRawUnsafe<unknown[]>(statement.text, ...values));
}

/** The one row a statement always returns (an aggregate, a `SELECT` of expressions). */
export async function queryRow<Row>(client: RawQueryClient, statement: SqlStatement<Row>, values: readonly unknown[] = []): Promise<Row> {
  const [row] = await queryRows(client, statement, values);
  if (row === undefined) throw new Error(`"${statement.text.replace(/\s+/g, " ").slice(0, 120)}" returned no row.`);
  return row;
}

/**
 * Sends a statement that checks and writes at most one row, and returns the row it wrote (none:
 * one of its checks refused). Mutations get theirs from the audit plugin (Context.checkedWrite).
 */
export type CheckedWrite = <Row>(statement: SqlStatement<Row>, values: readonly unknown[]) => Promise<Row[]>;
