import { createClient, graphQLErrorsOf } from "@p3pd/sdk";
import { parseArguments } from "./arguments.js";
import { formatRegionTree } from "./format.js";
import { fetchRegionTree } from "./region-tree.js";

/**
 * Partner example: `npm run example:partner-app -- 73.71.01 [--url …]` prints the region and every
 * region directly below it. On failure it says why on stderr and exits with 1.
 */
async function main(): Promise<void> {
  const { code, url } = parseArguments(process.argv.slice(2), process.env);
  const client = createClient({ url });
  const tree = await fetchRegionTree(client, code).catch((error: unknown) => {
    throw explainFailure(error, url);
  });
  if (!tree) throw new Error(`no region has the code "${code}".`);
  process.stdout.write(formatRegionTree(tree));
}

/**
 * GraphQL errors are the caller's doing (BAD_USER_INPUT for a malformed code, whose message names
 * the expected shape), so their messages are the explanation; anything else means the API could
 * not be reached or failed.
 */
function explainFailure(error: unknown, url: string): Error {
  const graphQLErrors = graphQLErrorsOf(error);
  if (graphQLErrors.length > 0) return new Error(graphQLErrors.map((e) => e.message).join("\n"));
  return new Error(`could not query ${url}: ${error instanceof Error ? error.message : String(error)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
