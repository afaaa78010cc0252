import type { Driver, Scenario } from "../../src/scenarios/scenario.js";
import type { GraphQLClient, SqlClient } from "../../src/systems/clients.js";

/** A scenario's SQL driver; a scenario without one is a mistake in the test, said plainly. */
export function sqlDriver<Answer>(scenario: Scenario<Answer>, client: SqlClient): Driver<Answer> {
  if (!scenario.sql) throw new Error(`${scenario.name} has no SQL driver`);
  return scenario.sql(client);
}

export function postgraphileDriver<Answer>(scenario: Scenario<Answer>, client: GraphQLClient): Driver<Answer> {
  if (!scenario.postgraphile) throw new Error(`${scenario.name} has no PostGraphile driver`);
  return scenario.postgraphile(client);
}
