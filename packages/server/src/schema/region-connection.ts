import { formatPrismaCursor, parsePrismaCursor } from "@pothos/plugin-prisma";
import { parseCursorConnectionArgs, type DefaultConnectionArguments } from "@pothos/plugin-relay";
import type { RegionPageRequest } from "../regions/page-request.js";
import { defaultPageSize, maxPageSize } from "./page-args.js";

/**
 * Region connections page by code, in the cursor format the Prisma plugin issues, so every
 * connection of the API accepts cursors of one shape.
 */
const regionCursor = (region: { code: string }) => formatPrismaCursor(region, "code");

/** The page-argument check has already refused cursors this API did not issue. */
const codeOfRegionCursor = (cursor: string | undefined) => (cursor === undefined ? null : String(parsePrismaCursor(cursor)));

/**
 * An edge whose cursor is encoded only when a client asks for it. A deep tree asks for nodes
 * alone, and encoding thousands of cursors nobody reads cost a tenth of such a request.
 */
class RegionEdge<Row extends { code: string }> {
  constructor(readonly node: Row) {}

  get cursor(): string {
    return regionCursor(this.node);
  }
}

/**
 * A Relay connection over regions in code order, with Pothos's reading of first/last/after/before
 * (`parseCursorConnectionArgs`, so it pages exactly like the plugin's own connections).
 */
export async function resolveRegionConnection<Row extends { code: string }>(
  args: DefaultConnectionArguments,
  readPage: (page: RegionPageRequest) => Promise<Row[]>,
) {
  const { before, after, limit, inverted, expectedSize, hasPreviousPage, hasNextPage } = parseCursorConnectionArgs({
    args,
    defaultSize: defaultPageSize,
    maxSize: maxPageSize,
  });
  const rows = await readPage({ after: codeOfRegionCursor(after), before: codeOfRegionCursor(before), limit, descending: inverted });
  const shown = rows.slice(0, expectedSize);
  if (inverted) shown.reverse();
  const edges = shown.map((row) => new RegionEdge(row));
  // An empty page keeps the cursor it was asked from, as the plugin's connections do.
  const boundary = args.after ?? args.before ?? "";
  return {
    edges,
    pageInfo: {
      get startCursor() {
        return edges[0]?.cursor ?? boundary;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? boundary;
      },
      hasPreviousPage: hasPreviousPage(rows.length),
      hasNextPage: hasNextPage(rows.length),
    },
  };
}
