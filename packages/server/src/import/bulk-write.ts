import type { PrismaClient } from "../db/prisma.js";
import type { Progress } from "../progress.js";

/** What a bulk write needs of a client: raw statements, which a transaction's client also has. */
export type SqlClient = Pick<PrismaClient, "$executeRawUnsafe" | "$queryRawUnsafe">;

export interface BulkTable<Row> {
  table: string;
  /**
   * The primary key column. When given, a row whose key exists is updated instead, and only if
   * its values differ, so a second run writes nothing; without it, rows are plain inserts.
   */
  key?: string;
  /** Column name → PostgreSQL element type used to cast the parameter array. */
  columns: Record<string, string>;
  toColumns(row: Row): unknown[];
}

const batchSize = 10_000;

function conflictClause(spec: BulkTable<unknown>, names: string[]): string {
  if (!spec.key) return "";
  const updated = names.filter((name) => name !== spec.key);
  return `
    ON CONFLICT ("${spec.key}") DO UPDATE SET ${updated.map((name) => `"${name}" = EXCLUDED."${name}"`).join(", ")}
    WHERE (${updated.map((name) => `"${spec.table}"."${name}"`).join(", ")})
      IS DISTINCT FROM (${updated.map((name) => `EXCLUDED."${name}"`).join(", ")})`;
}

/**
 * Writes rows in batches: one statement per batch, each column sent as one array parameter and
 * spread back into rows with `unnest`, so tens of thousands of rows are a handful of round trips.
 * Returns the rows inserted or changed.
 */
export async function bulkWrite<Row>(sql: SqlClient, spec: BulkTable<Row>, rows: readonly Row[], progress: Progress): Promise<number> {
  const names = Object.keys(spec.columns);
  const statement = `
    INSERT INTO "${spec.table}" (${names.map((name) => `"${name}"`).join(", ")})
    SELECT * FROM unnest(${names.map((name, i) => `$${i + 1}::${spec.columns[name]}[]`).join(", ")})${conflictClause(spec, names)}`;

  let written = 0;
  progress.start(spec.table, rows.length);
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const tuples = batch.map((row) => spec.toColumns(row));
    written += await sql.$executeRawUnsafe(statement, ...names.map((_, i) => tuples.map((tuple) => tuple[i])));
    progress.advance(offset + batch.length);
  }
  progress.finish();
  return written;
}
