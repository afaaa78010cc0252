/**
 * A search string as a literal inside LIKE: `%`, `_` and the escape character `\` lose their
 * wildcard meaning. Prisma's `contains` passes its value into LIKE unescaped, so a search for
 * "%" would otherwise match every name.
 */
export const escapeLike = (search: string) => search.replace(/[\\%_]/g, (character) => `\\${character}`);
