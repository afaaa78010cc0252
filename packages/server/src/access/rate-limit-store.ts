import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRow, type SqlStatement } from "../db/sql-statement.js";

/** Where a subject stands in its current window, after a charge. */
export interface RateLimitState {
  limit: number;
  /** Points spent in this window, the last charge included. */
  used: number;
  remaining: number;
  /** When the window ends and the points come back. */
  resetsAt: Date;
}

const chargeWindow: SqlStatement<{ used: number; window_start_epoch: number }> = {
  text: `
    INSERT INTO rate_limit_window AS w (subject, window_start, points_used)
    VALUES (
      $1,
      to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2::int) * $2::int) AT TIME ZONE 'UTC',
      $3::int
    )
    ON CONFLICT (subject) DO UPDATE SET
      points_used = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.points_used + EXCLUDED.points_used ELSE EXCLUDED.points_used END,
      window_start = EXCLUDED.window_start
    RETURNING points_used AS used, extract(epoch FROM window_start)::float8 AS window_start_epoch`,
  row: v.strictObject({ used: v.pipe(v.number(), v.integer()), window_start_epoch: v.number() }),
};

/**
 * Fixed windows kept in PostgreSQL, so every server process on one database charges the same
 * counter: one atomic upsert per request adds the points, or starts a new window when the old
 * one is over. Windows are aligned to the clock of the database, not of each process, so
 * processes never disagree about when a window ends.
 */
export async function chargePoints(
  prisma: PrismaClient,
  subject: string,
  points: number,
  limit: number,
  windowSeconds: number,
): Promise<RateLimitState> {
  const row = await queryRow(prisma, chargeWindow, [subject, windowSeconds, points]);
  return {
    limit,
    used: row.used,
    remaining: Math.max(0, limit - row.used),
    resetsAt: new Date((row.window_start_epoch + windowSeconds) * 1000),
  };
}
