import path from "node:path";
import { parseArgs } from "node:util";

export const defaultUrl = "http://127.0.0.1:4000/graphql";

/** The API takes at most 20,000 rows per import; 500 keeps each batch's transaction short. */
const defaultBatchSize = 500;
const maxBatchSize = 20_000;

export const usage = `Usage: npm run example:internal-import -- <file.csv> --training <training id>
         [--url <GraphQL endpoint>] [--api-key <key>] [--batch <rows per request>]

Enrols the participants of an attendance sheet (CSV) in a training, ${defaultBatchSize} rows per request by
default. An interrupted run resumes where it stopped: run the same command again.
The endpoint defaults to $P3PD_URL, else ${defaultUrl}; the key to $P3PD_ADMIN_KEY.`;

export interface Arguments {
  file: string;
  /** The training's global ID, as the API gives it (e.g. \`trainings { nodes { id } }\`). */
  trainingId: string;
  url: string;
  apiKey: string;
  batchSize: number;
}

/** Reads the command line; throws a usage error (with the usage text) when it is not one. */
export function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      training: { type: "string" },
      url: { type: "string" },
      "api-key": { type: "string" },
      batch: { type: "string" },
    },
  });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw usageError("expected exactly one CSV file.");
  if (!values.training) throw usageError("--training <training id> is required.");
  const apiKey = values["api-key"] ?? env.P3PD_ADMIN_KEY;
  if (!apiKey) throw usageError("writing needs an API key: --api-key or $P3PD_ADMIN_KEY.");
  const batchSize = values.batch === undefined ? defaultBatchSize : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxBatchSize) {
    throw usageError(`--batch must be a whole number from 1 to ${maxBatchSize}, got "${values.batch}".`);
  }
  // `npm run -w` runs the script in the workspace's folder; INIT_CWD is where the command was typed.
  const from = env.INIT_CWD ?? process.cwd();
  return { file: path.resolve(from, file), trainingId: values.training, url: values.url ?? env.P3PD_URL ?? defaultUrl, apiKey, batchSize };
}

const usageError = (problem: string) => new Error(`${problem}\n\n${usage}`);
