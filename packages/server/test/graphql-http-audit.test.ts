import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/http/start-server.js";
import { startSharedServer } from "./support/shared-database.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startSharedServer();
});
afterAll(() => server.close());

const audits = serverAudits({ url: () => `${server.url}/graphql` });

/**
 * The SHOULD audits this server fails, by audit id, each explained in docs/api.md ("Limits"). None
 * today: a change in Yoga, graphql-http or our plugins that breaks or fixes one shows up here.
 */
const failingShoulds: string[] = [];

describe("graphql-http's GraphQL-over-HTTP audits, against a live server", () => {
  it.each(audits.filter((audit) => audit.name.startsWith("MUST")).map((audit) => [audit.id, audit.name, audit] as const))(
    "%s: %s",
    async (_id, _name, audit) => {
      const result = await audit.fn();
      expect(result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`).toBe("ok");
    },
  );

  it("fails exactly the SHOULD audits listed in docs/api.md", async () => {
    const failing: string[] = [];
    for (const audit of audits.filter((candidate) => candidate.name.startsWith("SHOULD"))) {
      const result = await audit.fn();
      if (result.status !== "ok") failing.push(`${audit.id} ${audit.name}: ${result.reason}`);
    }
    expect(failing.map((line) => line.split(" ")[0]), failing.join("\n")).toEqual(failingShoulds);
  });
});
