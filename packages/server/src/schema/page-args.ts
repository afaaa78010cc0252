import { parsePrismaCursor } from "@pothos/plugin-prisma";
import { badUserInput } from "./graphql-errors.js";
import { isKeyOf } from "./key-shapes.js";

/** Page sizes a connection accepts. Pothos would silently clamp; we say what is wrong instead. */
export const minPageSize = 1;
export const maxPageSize = 100;
export const defaultPageSize = 20;

export const pageArgNames = ["first", "last", "after", "before"] as const;

export type PageArgs = Partial<Record<"first" | "last", number | null> & Record<"after" | "before", string | null>>;

/** Whether `cursor` is one this API issues for pages of `itemTypename`: its key has that type's shape. */
function isIssuedCursor(cursor: string, itemTypename: string | undefined): boolean {
  try {
    return itemTypename !== undefined && isKeyOf(itemTypename, parsePrismaCursor(cursor));
  } catch {
    return false;
  }
}

/** Throws BAD_USER_INPUT for a page size outside 1..100 or a cursor this API did not issue for this connection. */
export function assertPageArgs(args: PageArgs, itemTypename: string | undefined): void {
  for (const name of ["first", "last"] as const) {
    const size = args[name];
    if (size != null && (size < minPageSize || size > maxPageSize)) {
      throw badUserInput(`"${name}" must be between ${minPageSize} and ${maxPageSize}, got ${size}.`);
    }
  }
  for (const name of ["after", "before"] as const) {
    const cursor = args[name];
    if (cursor != null && !isIssuedCursor(cursor, itemTypename)) {
      throw badUserInput(`"${name}" is not a cursor issued by this API for this connection: "${cursor.slice(0, 80)}".`);
    }
  }
}
