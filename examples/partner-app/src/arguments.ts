import { parseArgs } from "node:util";

export const defaultUrl = "http://127.0.0.1:4000/graphql";

export const usage = `Usage: npm run example:partner-app -- <region code> [--trainings] [--url <GraphQL endpoint>] [--api-key <key>]
       npm run example:partner-app -- --search <text> [--url <GraphQL endpoint>]

<region code>              prints the regions directly below it, e.g. the villages of kecamatan 73.71.01
<region code> --trainings  prints the trainings held in it (and below); if none, those of its parent
--search <text>            prints every region, of any level, whose name contains the text

The endpoint defaults to $P3PD_URL, else ${defaultUrl}. Regions are public; trainings need a
PARTNER (or higher) API key: --api-key, else $P3PD_API_KEY.`;

/** What the user asked for: one of the three things the app does. */
export type Command =
  | { kind: "children"; code: string }
  | { kind: "trainings"; code: string }
  | { kind: "search"; text: string };

export interface Arguments {
  command: Command;
  url: string;
  /** Undefined: the app asks as an anonymous caller. */
  apiKey: string | undefined;
}

/** Reads the command line; throws a usage error (with the usage text) when it is not one. */
export function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: "string" }, "api-key": { type: "string" }, search: { type: "string" }, trainings: { type: "boolean" } },
  });
  const url = values.url ?? env.P3PD_URL ?? defaultUrl;
  const apiKey = values["api-key"] ?? (env.P3PD_API_KEY || undefined);
  if (values.search !== undefined) {
    const text = values.search.trim();
    if (text === "" || positionals.length > 0 || values.trainings) {
      throw new Error(`--search takes a non-empty text and no region code.\n\n${usage}`);
    }
    return { command: { kind: "search", text }, url, apiKey };
  }
  const [code, ...extra] = positionals;
  if (code === undefined || extra.length > 0) {
    throw new Error(`expected exactly one region code.\n\n${usage}`);
  }
  return { command: { kind: values.trainings ? "trainings" : "children", code }, url, apiKey };
}
