import type pg from "pg";

/**
 * One login role per system, so pg_stat_statements tells their statements apart. Superusers, like
 * the `postgres` user the servers would otherwise use: no system is slowed or helped by
 * privilege checks the others skip.
 */
export const roleOfSystem = {
  ours: "bench_ours",
  postgraphile: "bench_postgraphile",
  sql: "bench_sql",
  httpFloor: "bench_http_floor",
} as const;

export async function createSystemRoles(admin: pg.Client): Promise<void> {
  for (const role of Object.values(roleOfSystem)) {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    // Names come from the constant above, never from input.
    if (!rowCount) await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
  }
}
