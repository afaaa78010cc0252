import type { ConnectionPath, IsUnion, NodeAt } from "./connection-types.js";
import { ServerError } from "./errors.js";
import type { RunOperation } from "./operation-runner.js";
import type { TypedDocument } from "./typed-document.js";

/** The nodes of a connection, page after page: iterate with `for await`, or `collect()` them. */
export interface Paginated<Node> extends AsyncIterable<Node> {
  /** Every node, in order, once the last page has arrived. */
  collect(): Promise<Node[]>;
}

/** The most nodes the API serves per page: the fewest round trips. */
const defaultPageSize = 100;

export interface PaginateOptions<Path> {
  /** Nodes per request, sent as `first`. Default 100, the most the API serves. */
  pageSize?: number | undefined;
  /**
   * Field names from the result down to the connection to page, e.g. `["kecamatan", "villages"]`.
   * Needed only when the result holds more than one connection.
   */
  path?: Path | undefined;
  /** Cancels the paging: the request in flight and any wait before a retry. */
  signal?: AbortSignal | undefined;
}

/** The variables `paginate` needs from the caller: all but `first` and `after`, which it sets. */
export type PageVariables<Variables> = Omit<Variables, "first" | "after">;

/**
 * What `paginate` takes after the document. A document it cannot page gets an argument list whose
 * only member is a message, so the compiler error says what is missing.
 */
export type PaginateArgs<Result, Variables, Path> = [ConnectionPath<Result>] extends [never]
  ? [error: "paginate: the result holds no connection with pageInfo { hasNextPage endCursor } and nodes or edges"]
  : "first" | "after" extends keyof Variables
    ? IsUnion<ConnectionPath<Result>> extends true
      ? [variables: PageVariables<Variables>, options: PaginateOptions<Path> & { path: Path }]
      : [variables: PageVariables<Variables>, options?: PaginateOptions<Path>]
    : [error: "paginate: the document needs $first and $after variables"];

/**
 * Pages forward through a Relay connection in the document's result, sending `first: pageSize`
 * and `after: pageInfo.endCursor` until `hasNextPage` is false. The node type is the document's.
 */
export type Paginate = <
  Result,
  Variables extends object,
  const Path extends ConnectionPath<Result> = ConnectionPath<Result>,
>(
  document: TypedDocument<Result, Variables>,
  ...args: PaginateArgs<Result, Variables, Path>
) => Paginated<NodeAt<Result, Path>>;

/**
 * `paginate` as a function of a client, `paginate(client, document, variables, options?)`: what
 * `createClient`'s `client.paginate` does, for a client of `createRequestClient`, which has no
 * such method so that an app that never pages does not bundle the paging code.
 */
export function paginate<Result, Variables extends object, const Path extends ConnectionPath<Result> = ConnectionPath<Result>>(
  client: { request: RunOperation },
  document: TypedDocument<Result, Variables>,
  ...args: PaginateArgs<Result, Variables, Path>
): Paginated<NodeAt<Result, Path>>;
export function paginate<Node>(
  client: { request: RunOperation },
  document: TypedDocument<unknown, object>,
  variables: object,
  { pageSize = defaultPageSize, path, signal }: PaginateOptions<readonly string[]> = {},
): Paginated<Node> {
  return paginateConnection((after) => client.request(document, { ...variables, first: pageSize, after }, { signal }), path);
}

/** One connection page, as far as paging needs it. */
interface Page {
  nodes: readonly unknown[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * The nodes of the connection at `path` (found in the first result when not given), fetching the
 * page after each `endCursor` with `fetchPage`. A null on the way to the connection ends the
 * paging: a region that does not exist has no children.
 */
function paginateConnection<Node>(
  fetchPage: (after: string | null) => Promise<unknown>,
  path: readonly string[] | undefined,
): Paginated<Node> {
  async function* nodes(): AsyncGenerator<Node> {
    let connectionPath = path;
    let after: string | null = null;
    for (;;) {
      const result = await fetchPage(after);
      connectionPath ??= onlyConnectionPath(result);
      const page = connectionPath && pageAt(result, connectionPath);
      if (!page) return;
      // The document's type says what its nodes are; this function only finds them.
      yield* page.nodes as readonly Node[];
      if (!page.hasNextPage) return;
      if (page.endCursor === null) throw new ServerError("The API said there is a next page but gave no endCursor.");
      after = page.endCursor;
    }
  }
  return {
    [Symbol.asyncIterator]: nodes,
    async collect() {
      const all: Node[] = [];
      for await (const node of nodes()) all.push(node);
      return all;
    },
  };
}

function pageAt(result: unknown, path: readonly string[]): Page | undefined {
  let value = result;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return asPage(value);
}

/** The path to the one connection in `result`; undefined when there is none (its owner is null). */
function onlyConnectionPath(result: unknown): readonly string[] | undefined {
  const paths = connectionPaths(result, []);
  if (paths.length > 1) {
    const found = paths.map((path) => path.join(".")).join(", ");
    throw new TypeError(`paginate: the result holds several connections (${found}); pass \`path\` to say which.`);
  }
  return paths[0];
}

// Lists are not entered, as in `ConnectionPath`: a connection per list item cannot be paged as one.
function connectionPaths(value: unknown, path: string[]): string[][] {
  if (!isRecord(value)) return [];
  if (asPage(value)) return [path];
  return Object.entries(value).flatMap(([key, child]) => connectionPaths(child, [...path, key]));
}

function asPage(value: unknown): Page | undefined {
  if (!isRecord(value) || !isRecord(value.pageInfo)) return undefined;
  const { nodes, edges, pageInfo } = value;
  const found: readonly unknown[] | undefined = Array.isArray(nodes)
    ? nodes
    : Array.isArray(edges)
      ? edges.map((edge: unknown) => (isRecord(edge) ? edge.node : undefined))
      : undefined;
  if (!found) return undefined;
  const endCursor = typeof pageInfo.endCursor === "string" ? pageInfo.endCursor : null;
  return { nodes: found, hasNextPage: pageInfo.hasNextPage === true, endCursor };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
