import { parseArgs } from "node:util";

export const defaultUrl = "http://127.0.0.1:4000/graphql";

export const usage = `Usage: npm run example:partner-app -- <region code> [--url <GraphQL endpoint>]

Prints the regions directly below a region, e.g. the villages of kecamatan 73.71.01.
The endpoint defaults to $P3PD_URL, else ${defaultUrl}.`;

export interface Arguments {
  code: string;
  url: string;
}

/** Reads the command line; throws a usage error (with the usage text) when it is not one. */
export function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: "string" } },
  });
  const [code, ...extra] = positionals;
  if (code === undefined || extra.length > 0) {
    throw new Error(`expected exactly one region code.\n\n${usage}`);
  }
  return { code, url: values.url ?? env.P3PD_URL ?? defaultUrl };
}
