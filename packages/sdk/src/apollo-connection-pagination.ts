import type { FieldPolicy, StoreValue } from "@apollo/client/cache";

/** A page's `pageInfo`, as much of it as the query selected. */
interface PageInfoShape {
  readonly hasNextPage?: boolean;
  readonly hasPreviousPage?: boolean;
  readonly startCursor?: string | null;
  readonly endCursor?: string | null;
  readonly [field: string]: StoreValue;
}

/** An edge as the cache keeps it; an item of `nodes` becomes an edge with no cursor of its own. */
interface EdgeShape {
  readonly cursor?: string;
  readonly node?: StoreValue;
  readonly [field: string]: StoreValue;
}

/**
 * What the cache keeps for a connection field: the items of every page fetched, in order, as
 * edges; the `pageInfo` of the whole run of pages; and the other fields (`totalCount`,
 * `__typename`) as last received. `edges` and `pageInfo` are absent until an answer held them, so
 * a query that asks for items a cached answer did not select is sent rather than given none.
 */
interface StoredConnection {
  readonly edges?: readonly EdgeShape[];
  readonly pageInfo?: PageInfoShape;
  readonly [field: string]: StoreValue;
}

/** One page as the server sent it: its items as `edges`, as `nodes`, or both, or neither. */
interface IncomingConnection extends StoredConnection {
  readonly nodes?: readonly StoreValue[];
}

/** The connection as a query reads it: every page's items as `edges` and as `nodes`. */
type ReadConnection = IncomingConnection;

const cursorArgument = (args: Record<string, unknown> | null, name: "after" | "before"): string | undefined => {
  const value = args?.[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * An Apollo field policy for a Relay connection that keeps every page a query fetched, whether
 * it selects `edges`, `nodes` or both. Apollo's own `relayStylePagination` merges `edges` only: a
 * query that selects `nodes` alone (as the SDK's curated operations do) keeps just the last page.
 *
 * The pages are spliced as `relayStylePagination` splices them: a page fetched `after` a cursor
 * follows the item with that cursor (what came after it is dropped, as it may have changed), one
 * fetched `before` a cursor precedes it, and a page fetched with neither replaces them all. An
 * item of `nodes` has no cursor of its own, but the first and last of a page get the page's
 * `startCursor` and `endCursor`, which are the cursors the next and previous pages are asked from.
 *
 * @param keyArgs the field's arguments that name which list is paged (a search, a filter): each
 *   combination keeps pages of its own; `false` for none.
 */
export function connectionPagination(keyArgs: string[] | false = false): FieldPolicy<StoredConnection, IncomingConnection, ReadConnection> {
  return {
    keyArgs,
    read(existing, { canRead }) {
      if (!existing) return undefined;
      const { edges, ...rest } = existing;
      if (!edges) return rest;
      // An item evicted from the cache since (or deleted) is left out rather than read as missing.
      const readable = edges.filter((edge) => canRead(edge.node));
      return { ...rest, edges: readable, nodes: readable.map((edge) => edge.node) };
    },
    merge(existing, incoming, { args }) {
      const { edges: existingEdges, pageInfo: existingPageInfo, ...existingFields } = existing ?? {};
      const { edges: incomingEdges, nodes: incomingNodes, pageInfo: incomingPageInfo, ...incomingFields } = incoming;
      const fields = { ...existingFields, ...incomingFields };
      const page: EdgeShape[] | undefined = incomingEdges?.map((edge) => ({ ...edge })) ?? incomingNodes?.map((node) => ({ node }));
      if (!page) {
        // An answer that selected no items (`totalCount` alone) leaves the pages fetched as they are.
        const pageInfo = existingPageInfo ?? incomingPageInfo;
        return { ...fields, ...(existingEdges ? { edges: existingEdges } : {}), ...(pageInfo ? { pageInfo } : {}) };
      }
      const first = page[0];
      const last = page[page.length - 1];
      if (first && first.cursor === undefined && incomingPageInfo?.startCursor) page[0] = { ...first, cursor: incomingPageInfo.startCursor };
      if (last && last.cursor === undefined && incomingPageInfo?.endCursor) page[page.length - 1] = { ...page[page.length - 1], cursor: incomingPageInfo.endCursor };

      const after = cursorArgument(args, "after");
      const before = cursorArgument(args, "before");
      let prefix: readonly EdgeShape[] = [];
      let suffix: readonly EdgeShape[] = [];
      if (after !== undefined && existingEdges) {
        const index = existingEdges.findIndex((edge) => edge.cursor === after);
        prefix = index >= 0 ? existingEdges.slice(0, index + 1) : existingEdges;
      } else if (before !== undefined && existingEdges) {
        const index = existingEdges.findIndex((edge) => edge.cursor === before);
        suffix = index >= 0 ? existingEdges.slice(index) : existingEdges;
      }
      const pageInfo = mergedPageInfo(existingPageInfo, incomingPageInfo, prefix.length === 0, suffix.length === 0);
      return { ...fields, edges: [...prefix, ...page, ...suffix], ...(pageInfo ? { pageInfo } : {}) };
    },
  };
}

/**
 * The `pageInfo` of the whole run of pages: its start is the new page's when nothing precedes
 * that page, its end the new page's when nothing follows it; otherwise the existing ones stay.
 */
function mergedPageInfo(existing: PageInfoShape | undefined, incoming: PageInfoShape | undefined, atStart: boolean, atEnd: boolean): PageInfoShape | undefined {
  if (!incoming) return existing;
  const { hasPreviousPage, hasNextPage, startCursor, endCursor, ...others } = incoming;
  return {
    ...incoming,
    ...existing,
    ...others,
    ...(atStart && hasPreviousPage !== undefined ? { hasPreviousPage } : {}),
    ...(atStart && startCursor !== undefined ? { startCursor } : {}),
    ...(atEnd && hasNextPage !== undefined ? { hasNextPage } : {}),
    ...(atEnd && endCursor !== undefined ? { endCursor } : {}),
  };
}
