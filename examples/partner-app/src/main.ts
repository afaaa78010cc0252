import { createClient, graphQLErrorsOf, type P3pdClient } from "@p3pd/sdk";
import { parseArguments, type Command } from "./arguments.js";
import { formatRegionTree } from "./format.js";
import { formatSearch } from "./format-search.js";
import { formatTrainings } from "./format-trainings.js";
import { fetchNearbyTrainings } from "./nearby-trainings.js";
import { fetchRegion, fetchRegionTree } from "./region-tree.js";
import { searchRegions } from "./search.js";

/**
 * Partner example: `npm run example:partner-app -- 73.71.01 [--trainings] [--url …]` prints the
 * regions directly below a region (or the trainings near it); `-- --search <text>` finds regions by
 * name. On failure it says why on stderr and exits with 1.
 */
async function main(): Promise<void> {
  const { command, url, apiKey } = parseArguments(process.argv.slice(2), process.env);
  const client = createClient({ url, apiKey });
  const output = await run(client, command).catch((error: unknown) => {
    throw explainFailure(error, url);
  });
  process.stdout.write(output);
}

/** The text the command prints; throws when its region code names no region. */
async function run(client: P3pdClient, command: Command): Promise<string> {
  switch (command.kind) {
    case "search":
      return formatSearch(command.text, await searchRegions(client, command.text));
    case "children": {
      const tree = await fetchRegionTree(client, command.code);
      if (!tree) throw noRegion(command.code);
      return formatRegionTree(tree);
    }
    case "trainings": {
      const region = await fetchRegion(client, command.code);
      if (!region) throw noRegion(command.code);
      return formatTrainings(await fetchNearbyTrainings(client, region));
    }
  }
}

/** Not a GraphQL error: the API answers null for a well-formed code no region has. */
class NoRegionError extends Error {}

function noRegion(code: string): NoRegionError {
  return new NoRegionError(`no region has the code "${code}".`);
}

/**
 * GraphQL errors are the caller's doing (BAD_USER_INPUT for a malformed code, whose message names
 * the expected shape), so their messages are the explanation; anything else means the API could
 * not be reached or failed.
 */
function explainFailure(error: unknown, url: string): Error {
  if (error instanceof NoRegionError) return error;
  const graphQLErrors = graphQLErrorsOf(error);
  if (graphQLErrors.length > 0) return new Error(graphQLErrors.map((e) => e.message).join("\n"));
  return new Error(`could not query ${url}: ${error instanceof Error ? error.message : String(error)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
