import type { Driver, Queryable } from "./scenario.js";

/**
 * The write before each request of a cold scenario at scale (issue 18: "cold" is the first
 * request after a write). Every write moves the data version, so our report cache misses; the
 * raw SQL has no cache and pays the same write. A write is one enrolment's pre-test score moved by
 * one point and back on its next turn: a real change to a summarised value in kabupaten 73.71
 * (so a cache kept per province or region would miss too), which changes no count, and which
 * completion does not depend on (the post-test and attendance decide it).
 */
export interface ColdWrites {
  /** The next write; concurrent calls take different enrolments. */
  next(): Promise<void>;
}

/** The region the writes land in, and the kabupaten the kabupaten scenario reads. */
export const writtenKabupaten = "73.71";

/** More enrolments than load workers: two writes in flight never share a row. */
const rowsWritten = 16;

export async function coldWrites(db: Queryable): Promise<ColdWrites> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT e.id::text FROM enrollment e JOIN person p ON p.id = e.person_id
     WHERE p.home_kabupaten_code = $1 AND e.role = 'PARTICIPANT' AND e.pre_test_score BETWEEN 1 AND 99
     ORDER BY e.id LIMIT $2`,
    [writtenKabupaten, rowsWritten],
  );
  if (rows.length < rowsWritten) throw new Error(`the cold scenarios need ${rowsWritten} scored enrolments in ${writtenKabupaten}, found ${rows.length}`);
  let written = 0;
  return {
    async next() {
      const turn = written++;
      const row = rows[turn % rows.length];
      // Up on a row's odd turns, down on its even ones: after every pair the score is as loaded.
      const delta = Math.floor(turn / rows.length) % 2 === 0 ? 1 : -1;
      await db.query("UPDATE enrollment SET pre_test_score = pre_test_score + $2, updated_at = now() WHERE id = $1::uuid", [row?.id, delta]);
    },
  };
}

/** A cold scenario's driver: every measured request of `send` follows the next write. */
export function afterWritesDriver<Answer>(send: () => Promise<Answer>, writes: ColdWrites): Driver<Answer> {
  return {
    answer: send,
    worker: () => async () => {
      await send();
    },
    beforeEach: () => writes.next(),
  };
}
