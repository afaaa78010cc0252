import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createClient, graphQLErrorsOf } from "@p3pd/sdk";
import { parseArguments, usage } from "./arguments.js";
import { fetchReportData, UnknownStageError } from "./fetch-report.js";
import { renderPage } from "./page.js";
import { reportViewOf } from "./view-model.js";

/**
 * Donor report example: `npm run example:donor-report -- [--region 73] [--stage 3] [--out f.html]`
 * writes one self-contained HTML page of the cascade's coverage. On failure it says why on stderr
 * and exits with 1.
 */
async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2), process.env);
  if (args.help) return void process.stdout.write(`${usage}\n`);
  const client = createClient({ url: args.url, apiKey: args.apiKey });
  const data = await fetchReportData(client, { regionCode: args.regionCode, stage: args.stage }).catch((error: unknown) => {
    throw explainFailure(error, args.url);
  });
  // `npm run -w` runs in the example's folder; INIT_CWD is where the user typed the command,
  // which is where they expect a relative --out to land.
  const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
  await writeFile(out, renderPage(reportViewOf(data)), "utf8");
  process.stdout.write(`Wrote ${out}\n`);
}

/**
 * GraphQL errors are the caller's doing (BAD_USER_INPUT for a malformed or unknown region code),
 * so their messages are the explanation, as is a stage that does not exist; anything else means the API could not be reached or failed.
 */
function explainFailure(error: unknown, url: string): Error {
  if (error instanceof UnknownStageError) return error;
  const graphQLErrors = graphQLErrorsOf(error);
  if (graphQLErrors.length > 0) return new Error(graphQLErrors.map((e) => e.message).join("\n"));
  return new Error(`could not query ${url}: ${error instanceof Error ? error.message : String(error)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
