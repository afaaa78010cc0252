/**
 * A request that reaches execution is charged against its rate limit, from the process's lease
 * or, when that does not cover it, with one upsert on `rate_limit_window` (see
 * src/access/rate-limit-leases.ts). Tests about what a query costs the database count the
 * statements that fetch data, and check the charge separately.
 */
export const isRateLimitCharge = (sql: string) => sql.includes("rate_limit_window");

export const dataStatements = (statements: readonly string[]) => statements.filter((sql) => !isRateLimitCharge(sql));
