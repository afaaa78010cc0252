import type { PrismaClient } from "../db/prisma.js";
import type { Progress } from "./progress.js";

export interface BulkTable<Row> {
  table: string;
  /** The primary key column; rows are matched on it. */
  key: string;
  /** Column name → PostgreSQL element type used to cast the parameter array. */
  columns: Record<string, string>;
  toColumns(row: Row): unknown[];
}

const batchSize = 10_000;

/**
 * Inserts or updates rows in batches: one statement per batch, each column sent as one array
 * parameter and spread back into rows with `unnest`. A row that already holds the same values is
 * left untouched, so a second run writes nothing.
 */
export async function bulkUpsert<Row>(
  prisma: PrismaClient,
  spec: BulkTable<Row>,
  rows: readonly Row[],
  progress: Progress,
): Promise<number> {
  const names = Object.keys(spec.columns);
  const quoted = names.map((name) => `"${name}"`);
  const unnestArgs = names.map((name, i) => `$${i + 1}::${spec.columns[name]}[]`);
  const updated = names.filter((name) => name !== spec.key);
  const sql = `
    INSERT INTO "${spec.table}" (${quoted.join(", ")})
    SELECT * FROM unnest(${unnestArgs.join(", ")})
    ON CONFLICT ("${spec.key}") DO UPDATE SET ${updated.map((name) => `"${name}" = EXCLUDED."${name}"`).join(", ")}
    WHERE (${updated.map((name) => `"${spec.table}"."${name}"`).join(", ")})
      IS DISTINCT FROM (${updated.map((name) => `EXCLUDED."${name}"`).join(", ")})`;

  let changed = 0;
  progress.start(spec.table, rows.length);
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const tuples = batch.map((row) => spec.toColumns(row));
    const columnArrays = names.map((_, i) => tuples.map((tuple) => tuple[i]));
    changed += await prisma.$executeRawUnsafe(sql, ...columnArrays);
    progress.advance(offset + batch.length);
  }
  progress.finish();
  return changed;
}
