import type { FieldKind, FieldRef } from "@pothos/core";
import type { builder } from "./builder.js";
import type { Context } from "./context.js";
import { countMatchingChildren, type ChildLevel } from "./region-child-counts.js";

/** Where a parent row stores how many children of the connection's level it has. */
interface StoredTotal {
  level: ChildLevel;
  storedCount: "kabupatenCount" | "kecamatanCount" | "villageCount";
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const isThenable = (value: unknown): value is PromiseLike<unknown> => isObject(value) && typeof value.then === "function";

/** The per-request context, as every resolver of our schema receives it. */
const isContext = (value: object): value is Context => "prisma" in value && "regions" in value;

/**
 * Answers a region connection's `totalCount` from the count stored on its parent row instead of
 * the plugin's `_count`, which Prisma computes with a GROUP BY over the whole child table (all
 * 83,762 villages for a page of ten kecamatan). The tree changes only on import, and the importer
 * stores the counts. Under a name search, or for a parent row loaded without its count, the
 * matching children are counted, batched per request.
 *
 * Pothos's `relatedConnection` takes `totalCount` only as a flag, so the field's resolver is
 * wrapped to put the total on the connection it returns (a count, where one is needed, runs only
 * when `totalCount` is asked for).
 */
export function withStoredTotalCount<Shape, Kind extends FieldKind>(
  field: FieldRef<typeof builder.$inferSchemaTypes, Shape, Kind>,
  stored: StoredTotal,
): FieldRef<typeof builder.$inferSchemaTypes, Shape, Kind> {
  field.updateConfig((config) => {
    const { resolve } = config;
    if (!resolve) return config;
    return {
      ...config,
      resolve: (parent, args, context, info) => {
        const withTotal = (connection: unknown) => {
          if (!isObject(connection) || !isObject(parent) || !isContext(context)) return connection;
          const search: unknown = args.search;
          const count = parent[stored.storedCount];
          const parentCode = String(parent.code);
          connection.totalCount =
            typeof search === "string" && search !== "" ? () => countMatchingChildren(context, { level: stored.level, parentCode, search })
            : typeof count === "number" ? count
            : () => countMatchingChildren(context, { level: stored.level, parentCode, search: "" });
          return connection;
        };
        // The plugin answers synchronously from rows the parent query loaded: stay synchronous
        // then, or every one of hundreds of nested connections would cost the executor a promise.
        const connection: unknown = resolve(parent, args, context, info);
        return isThenable(connection) ? Promise.resolve(connection).then(withTotal) : withTotal(connection);
      },
    };
  });
  return field;
}
