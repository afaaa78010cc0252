import pg from "pg";

export interface StatementSample {
  /** Statements per operation, all of them. */
  perOperation: number;
  /** Each distinct statement (normalised by pg_stat_statements, shortened), slowest in total first. */
  statements: { statement: string; perOperation: number; msPerOperation: number; rowsPerOperation: number }[];
}

/**
 * Counts the SQL statements a system sends, with pg_stat_statements: every system logs in as a
 * role of its own (see database/roles.ts), so its statements are told apart from everyone
 * else's by user, whatever runs beside it. A statement counts once per execution, whether simple
 * or prepared, BEGIN and COMMIT included: each is a round trip the system waits for.
 *
 * The extension lives in the cluster's `postgres` database (its view shows every database), so
 * the benchmarked database holds nothing PostGraphile would expose.
 */
export class StatementCounter {
  private constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  /** `adminUrl`: the cluster's `postgres` database, as a superuser. */
  static async open(adminUrl: string, database: string): Promise<StatementCounter> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return new StatementCounter(client, database);
  }

  /**
   * What `role` sent while `operations` operations ran one after another: statements per
   * operation, and each distinct statement with its database time, slowest first (where a
   * system's time goes in PostgreSQL, kept in the results file).
   */
  async sample(role: string, operations: number, run: () => Promise<void>): Promise<StatementSample> {
    await this.client.query("SELECT pg_stat_statements_reset()");
    await run();
    const { rows } = await this.client.query<{ query: string; calls: string; total_ms: number; rows: string }>(
      `SELECT s.query, s.calls::text AS calls, s.total_exec_time AS total_ms, s.rows::text AS rows FROM pg_stat_statements s
       WHERE s.userid = (SELECT oid FROM pg_roles WHERE rolname = $1) AND s.dbid = (SELECT oid FROM pg_database WHERE datname = $2)
       ORDER BY s.total_exec_time DESC`,
      [role, this.database],
    );
    const statements = rows.map((row) => ({
      statement: row.query.replace(/\s+/g, " ").slice(0, 240),
      perOperation: Number(row.calls) / operations,
      msPerOperation: row.total_ms / operations,
      rowsPerOperation: Number(row.rows) / operations,
    }));
    return { perOperation: statements.reduce((sum, s) => sum + s.perOperation, 0), statements };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
