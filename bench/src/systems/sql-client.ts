import pg from "pg";
import type { SqlClient } from "./clients.js";

export interface PoolSqlClient extends SqlClient {
  end(): Promise<void>;
}

/**
 * The raw-SQL floor: hand-written statements through a `pg` pool, prepared once per connection.
 * The answer column comes back as text and is parsed here, as the GraphQL clients parse their
 * response bodies, so every system pays the same client-side cost.
 */
export function poolSqlClient(connectionString: string, maxConnections: number): PoolSqlClient {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  return {
    async json<Data>(statement: { name: string; text: string; values: readonly unknown[] }): Promise<Data> {
      const result = await pool.query<{ json: string }>({ name: statement.name, text: statement.text, values: [...statement.values] });
      const text = result.rows[0]?.json;
      if (typeof text !== "string") throw new Error(`Statement ${statement.name} answered no json row`);
      return JSON.parse(text) as Data;
    },
    end: () => pool.end(),
  };
}
