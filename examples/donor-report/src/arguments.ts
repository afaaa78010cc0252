import { parseArgs } from "node:util";

export const defaultUrl = "http://127.0.0.1:4000/graphql";
export const defaultOut = "donor-report.html";

export const usage = `Usage: npm run example:donor-report -- [--region <code>] [--stage <n>] [--out <file.html>] [--url <GraphQL endpoint>] [--api-key <key>]

Writes one self-contained HTML page of the training cascade's coverage: the whole country, or one
region (--region 73, 73.71, …), optionally only one stage (--stage 3).
The page goes to ${defaultOut} unless --out says otherwise; the endpoint defaults to $P3PD_URL,
else ${defaultUrl}. Coverage needs a PARTNER (or higher) API key: --api-key, else $P3PD_API_KEY.`;

export interface Arguments {
  /** Undefined for the whole country. */
  regionCode: string | undefined;
  stage: number | undefined;
  out: string;
  url: string;
  apiKey: string | undefined;
  help: boolean;
}

/** Reads the command line; throws a usage error (with the usage text) when it is not one. */
export function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      region: { type: "string" },
      stage: { type: "string" },
      out: { type: "string" },
      url: { type: "string" },
      "api-key": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}".\n\n${usage}`);
  return {
    regionCode: values.region,
    stage: values.stage === undefined ? undefined : stageNumber(values.stage),
    out: values.out ?? defaultOut,
    url: values.url ?? env.P3PD_URL ?? defaultUrl,
    apiKey: values["api-key"] ?? (env.P3PD_API_KEY || undefined),
    help: values.help ?? false,
  };
}

function stageNumber(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`--stage must be a stage number like 3, got "${text}".\n\n${usage}`);
  return Number(text);
}
