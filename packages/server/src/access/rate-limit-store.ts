import type { PrismaClient } from "../db/prisma.js";

/** Where a subject stands in its current window, after a charge. */
export interface RateLimitState {
  limit: number;
  /** Points spent in this window, the last charge included. */
  used: number;
  remaining: number;
  /** When the window ends and the points come back. */
  resetsAt: Date;
}

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
  const [row] = await prisma.$queryRaw<{ used: number; window_start_epoch: number }[]>`
    INSERT INTO rate_limit_window AS w (subject, window_start, points_used)
    VALUES (
      ${subject},
      to_timestamp(floor(extract(epoch FROM clock_timestamp()) / ${windowSeconds}::int) * ${windowSeconds}::int) AT TIME ZONE 'UTC',
      ${points}::int
    )
    ON CONFLICT (subject) DO UPDATE SET
      points_used = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.points_used + EXCLUDED.points_used ELSE EXCLUDED.points_used END,
      window_start = EXCLUDED.window_start
    RETURNING points_used AS used, extract(epoch FROM window_start)::float8 AS window_start_epoch`;
  if (!row) throw new Error("The rate-limit upsert returned no row");
  return {
    limit,
    used: row.used,
    remaining: Math.max(0, limit - row.used),
    resetsAt: new Date((row.window_start_epoch + windowSeconds) * 1000),
  };
}
