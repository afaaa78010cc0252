import DataLoader from "dataloader";
import type { DirectSql } from "../db/direct-sql.js";
import { queryRows, type CheckedWrite } from "../db/sql-statement.js";
import type { Caller } from "../access/caller.js";
import { regionAccessFor, type RegionAccess } from "../access/region-access.js";
import { reachOf, type Reach } from "../cascade/reach.js";
import { createBreakdownLoaders, type BreakdownLoaders } from "../reports/breakdowns.js";
import { directSqlOf, type Db, type PrismaClient } from "../db/prisma.js";
import { createMatchingChildrenLoader, type MatchingChildrenLoader } from "../regions/child-counts.js";
import { createChildPageLoaders, type ChildPageLoaders } from "../regions/child-pages.js";
import type { ExecutionSignalContext } from "./deadline-plugin.js";
import { createRegionLoader, type RegionLoader } from "../regions/loader.js";
import { createStageProvinceLoader, type StageProvinceLoader } from "./stage-provinces.js";

/** The running operation's rate-limit charge, for work that costs more than its shape shows. */
export interface OperationCharge {
  /** Adds points to the operation's charge; throws RATE_LIMITED when the caller's window cannot cover them. */
  surcharge(points: number): Promise<void>;
}

/** What every resolver gets: who is asking, the database, and per-request batching loaders. */
export interface Context extends ExecutionSignalContext {
  /** Reads outside any write, and the loaders' batches. */
  prisma: PrismaClient;
  /**
   * What a mutation reads and writes through: its own transaction, shared with its audit record
   * (see audit-plugin.ts). Elsewhere the client itself.
   */
  db: Db;
  /**
   * Leaves work for after the mutation's transaction commits, run before its response is sent
   * (see audit-plugin.ts): what must not run inside a transaction, or must see the write committed.
   * Only mutations have one; elsewhere it throws.
   */
  afterCommit(work: () => Promise<void>): void;
  /**
   * Sends a statement that checks and writes at most one row (see CheckedWrite): in a mutation, on
   * its transaction; in a mutation tried without one (audit-plugin.ts, `audit: { oneStatement:
   * true }`), as the whole write, committed with its audit record by the same statement.
   * Elsewhere on the client itself.
   */
  checkedWrite: CheckedWrite;
  /** The region tree's hand-written reads, on Prisma's pool without its row mapping. */
  sql: DirectSql;
  caller: Caller;
  rateLimit: OperationCharge;
  /** The rows this caller may reach (everything, or a STAFF key's subtree). */
  access: RegionAccess;
  regions: RegionLoader;
  /** Pages of the tree's children (kabupaten of provinces, …), one statement per level. */
  regionChildren: ChildPageLoaders;
  /** Counts of children whose names match a search, one statement per level and search. */
  matchingChildren: MatchingChildrenLoader;
  /** Each stage's provinces, joined with the province rows. */
  stageProvinces: StageProvinceLoader;
  /** Cascade reach by person id (null for someone a ToT has not certified). */
  reach: DataLoader<string, Reach | null>;
  /** Coverage breakdowns (by institution, by module), one statement per level and filter. */
  breakdowns: BreakdownLoaders;
}

export function createContext(prisma: PrismaClient, caller: Caller, rateLimit: OperationCharge): Context {
  const sql = directSqlOf(prisma);
  return {
    prisma,
    db: prisma,
    afterCommit: () => {
      throw new Error("Only a mutation's resolver may leave work for after its commit");
    },
    checkedWrite: (statement, values) => queryRows(prisma, statement, values),
    caller,
    rateLimit,
    access: regionAccessFor(caller, prisma),
    sql,
    regions: createRegionLoader(sql),
    regionChildren: createChildPageLoaders(sql),
    matchingChildren: createMatchingChildrenLoader(prisma),
    stageProvinces: createStageProvinceLoader(sql),
    breakdowns: createBreakdownLoaders(prisma),
    reach: new DataLoader(async (ids) => {
      const reach = await reachOf(prisma, ids);
      return ids.map((id) => reach.get(id) ?? null);
    }),
  };
}
