import type { DefaultConnectionArguments } from "@pothos/plugin-relay";
import type { Context } from "./context.js";
import type { ChildLevel } from "../regions/child-counts.js";
import type { ChildPageLoader } from "../regions/child-pages.js";
import { resolveRegionConnection } from "./region-connection.js";

interface ChildConnectionArgs extends DefaultConnectionArguments {
  search?: string | null;
}

interface Parent {
  code: string;
  /** How many children of this level the parent has, stored on its row by the importer. */
  childCount: number;
}

/**
 * A parent's children of one level as a cursor connection: the page comes from the level's
 * loader (one statement for every parent of the response), the total from the count stored on
 * the parent row, so `totalCount` costs no statement. Only under a name search are the matching
 * children counted, batched per request too.
 */
export async function childConnection<Row extends { code: string }>(
  context: Context,
  level: ChildLevel,
  loader: ChildPageLoader<Row>,
  parent: Parent,
  args: ChildConnectionArgs,
) {
  const search = args.search || null;
  const connection = await resolveRegionConnection(args, (page) => loader.load({ ...page, parentCode: parent.code, search }));
  const totalCount = search === null ? parent.childCount : () => context.matchingChildren.load({ level, parentCode: parent.code, search });
  return { ...connection, totalCount };
}
