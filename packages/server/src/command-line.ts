/**
 * The `p3pd` command line's options and usage texts, apart from the commands that use them: the
 * CLI parses every command line with all of them before it knows the command, and loads only the
 * command it runs (see cli.ts), so these must not bring any command's modules along.
 */
export const seedDemoArgs = {
  scale: { type: "string" },
  seed: { type: "string" },
  multiply: { type: "string" },
  replace: { type: "boolean" },
} as const;

export const keysArgs = {
  role: { type: "string" },
  region: { type: "string" },
  name: { type: "string" },
  "persisted-only": { type: "boolean" },
} as const;

export const keysUsage = `Usage:
  p3pd keys create --role PARTNER|STAFF|ADMIN [--region <code>] --name <label> [--persisted-only]
  p3pd keys list
  p3pd keys revoke <id or prefix>`;

export const dataKeyArgs = { "batch-size": { type: "string" } } as const;

export const dataKeyUsage = `Usage:
  p3pd data-key rotate [--batch-size <n>]   re-encrypt every personal value under the current data key`;

/** A data-key command line that does not say what to do, said to the user without a stack trace. */
export class DataKeyUsageError extends Error {}
