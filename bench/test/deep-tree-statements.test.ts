import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../packages/server/src/db/prisma.js";
import { testEngine } from "../../packages/server/test/support/fresh-database.js";
import { sharedDatabase } from "../../packages/server/test/support/shared-database.js";
import { deepTreeScenario } from "../src/scenarios/deep-tree.js";
import { ourApi } from "./support/our-api.js";

/**
 * Issue 6's first target: our deep-tree scenario costs at most 6 SQL statements per request,
 * whatever the page sizes. Counted from Prisma's query events, one per statement sent, over the
 * whole request: the tree's own statements (one per level, the stage's provinces joined in) and
 * the request's rate-limit charge (an upsert of `rate_limit_window` when the process's lease on
 * the window does not cover the request, see packages/server/src/access/rate-limit-leases.ts),
 * which does not depend on the query: counted as if it were sent every time, the total is at most 6.
 */
const statements: string[] = [];
const ours = ourApi(createPrismaClient(sharedDatabase(), { onQuery: (sql) => statements.push(sql) }));
afterAll(() => ours.close());

const isRateLimitCharge = (sql: string) => /\brate_limit_window\b/.test(sql);

interface Cost {
  tree: number;
  rateLimit: number;
  villages: number;
  /** What was sent, one line per statement, for a failure message. */
  sent: string;
}

async function costOfDeepTree(pageSize: number): Promise<Cost> {
  const driver = deepTreeScenario(pageSize).ours(ours);
  // Once before counting: what a process does once (not per request) is not the request's cost.
  await driver.answer();
  statements.length = 0;
  const tree = await driver.answer();
  const villages = (tree.stage?.provinces ?? []).flatMap((p) =>
    p.province.kabupatens.nodes.flatMap((k) => k.kecamatans.nodes.flatMap((c) => c.villages.nodes)),
  );
  return {
    tree: statements.filter((sql) => !isRateLimitCharge(sql)).length,
    rateLimit: statements.filter(isRateLimitCharge).length,
    villages: villages.length,
    sent: statements.map((sql) => sql.replace(/\s+/g, " ").trim().slice(0, 120)).join("\n"),
  };
}

describe(`the deep-tree scenario's SQL statements on ${testEngine}`, () => {
  it("are at most 6 with the rate-limit charge, the same at page sizes 3 and 10 though the answer grows tenfold", async () => {
    const small = await costOfDeepTree(3);
    const large = await costOfDeepTree(10);
    expect(large.villages).toBeGreaterThan(10 * small.villages);
    expect(large.tree).toBe(small.tree);
    expect(small.rateLimit).toBeLessThanOrEqual(1);
    expect(large.rateLimit).toBeLessThanOrEqual(1);
    expect(small.tree + 1, `statements sent at page size 3:\n${small.sent}`).toBeLessThanOrEqual(6);
    expect(large.tree + 1, `statements sent at page size 10:\n${large.sent}`).toBeLessThanOrEqual(6);
  });
});
