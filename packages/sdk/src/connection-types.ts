/**
 * Type-level search for Relay connections in a query's result, so `paginate` can infer the node
 * type from the document alone and only asks for a `path` when the result holds several.
 */

/** The selection `paginate` needs from a connection: its page info and its nodes or edges. */
export type PageableConnection = {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
} & ({ nodes: readonly unknown[] } | { edges: readonly { node: unknown }[] });

/** The node type of a connection, from `nodes` or else from `edges { node }`. */
type NodeOfConnection<Connection> = Connection extends { nodes: readonly (infer Node)[] }
  ? Node
  : Connection extends { edges: readonly { node: infer Node }[] }
    ? Node
    : never;

// Results of real documents are a few levels deep; the bound keeps the compiler from recursing
// without end into a type it cannot see the bottom of.
type MaxDepth = 8;

/**
 * Every path of field names from the result down to a connection, e.g.
 * `readonly ["kecamatan", "villages"]`. Lists are not entered: a connection inside a list (say,
 * in the nodes of another connection) is one per item and cannot be paged as one.
 */
export type ConnectionPath<Result, Depth extends unknown[] = []> = Depth["length"] extends MaxDepth
  ? never
  : Result extends readonly unknown[]
    ? never
    : Result extends PageableConnection
      ? readonly []
      : Result extends object
        ? {
            [Key in keyof Result & string]: readonly [
              Key,
              ...ConnectionPath<NonNullable<Result[Key]>, [...Depth, unknown]>,
            ];
          }[keyof Result & string]
        : never;

/** The node type of the connection at `Path` in `Result`. */
export type NodeAt<Result, Path> = Path extends readonly [infer Key, ...infer Rest]
  ? Key extends keyof NonNullable<Result>
    ? NodeAt<NonNullable<Result>[Key], Rest>
    : never
  : NodeOfConnection<NonNullable<Result>>;

/** True when `Union` has more than one member. */
export type IsUnion<Union, Whole = Union> = Union extends unknown ? ([Whole] extends [Union] ? false : true) : never;
