/**
 * The selection Pothos plans for a row, made safe to hand to Prisma: when a response asks for no
 * field of the row (only `__typename`), Pothos plans an empty `select`, which Prisma rejects;
 * reading the whole row instead costs nothing extra.
 */
export function nonEmptySelection<Query extends { select?: object }>(query: Query): Query | Omit<Query, "select"> {
  const { select, ...rest } = query;
  return select && Object.keys(select).length === 0 ? rest : query;
}
