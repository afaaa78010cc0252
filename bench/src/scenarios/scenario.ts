import type { GraphQLClient, SqlClient } from "../systems/clients.js";

/** The systems a scenario can be written for. */
export type SystemName = "ours" | "postgraphile" | "sql" | "http-floor";

/** One measured operation of a load worker: a request, or a short fixed sequence of them (a walk's next page, an enroll-and-score). */
export type Operation = () => Promise<void>;

export interface Driver<Answer> {
  /** The scenario's whole answer in the shape every system's driver produces, for the equivalence check. */
  answer(): Promise<Answer>;
  /** A new load worker: each call of the operation it returns is one measured operation (workers keep their own state). */
  worker(): Operation;
  /**
   * Runs before each measured operation, outside its time: the write after which a cold report
   * is asked (so our report cache misses, as it does for the first request after any write).
   */
  beforeEach?: () => Promise<void>;
}

/**
 * A workload, written once per system in equivalent shapes. Each driver turns its system's
 * answer into one shared shape (`Answer`), so "do both sides return the same data" is a deep
 * equality. A system the scenario has no driver for is not measured on it (PostGraphile has no
 * coverage roll-up, for example).
 */
export interface Scenario<Answer> {
  name: string;
  /** One line, for the report. */
  description: string;
  /** What one measured operation is, for the report: "request", "page", "enroll + score". */
  unit: string;
  ours(client: GraphQLClient): Driver<Answer>;
  postgraphile?: (client: GraphQLClient) => Driver<Answer>;
  /** The hand-written SQL, run by the raw-SQL floor and, over HTTP, by the HTTP floor. */
  sql?: (client: SqlClient) => Driver<Answer>;
  /** Removes what setting the scenario up or running it wrote. */
  cleanup?(): Promise<void>;
}

/** A scenario whose operation is one fixed request: the worker sends it, the answer decodes it. */
export function singleRequestDriver<Raw, Answer>(send: () => Promise<Raw>, decode: (raw: Raw) => Answer): Driver<Answer> {
  return {
    answer: async () => decode(await send()),
    worker: () => async () => {
      await send();
    },
  };
}

/** What setting a scenario up may run SQL through (a `pg` pool or client on the benchmark database). */
export interface Queryable {
  query<Row extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}
