/**
 * The server measure-encryption-cost.ts measures: `p3pd serve` as cli.ts runs it (the configuration
 * from the environment, the same logger), with one difference when the argument is `plain`: the
 * personal fields are stored through a pass-through codec instead of the cipher and the keyed
 * hash. Never a production entry point: production has no way to store personal data in plain text.
 *
 *   node --import tsx packages/server/scripts/encryption-cost-server.ts encrypted|plain
 */
import { databaseConfigFromEnv, openDatabase } from "../src/db/database.js";
import { httpOptionsFromEnv } from "../src/http/http-options.js";
import { startServer } from "../src/http/start-server.js";
import { createLogger, logLevelFromEnv } from "../src/observability/logger.js";
import { installPersonalDataCodec, type PersonalDataCodec } from "../src/personal-data/personal-fields.js";
import { silentProgress } from "../src/progress.js";

/**
 * What the server did before encryption, in the shape the encrypted server has: each value stored
 * as written, and the NIK as its own match key (the unique index was on the NIK then). Padded to
 * nik_hash's 64 characters, as char(64) reads back, so the two index the same number of bytes and
 * only the cipher and the HMAC differ. A normalised NIK is 16 digits, so padding keeps NIKs apart.
 */
const passThrough: PersonalDataCodec = {
  seal: (_column, value) => value,
  open: (_column, stored) => stored,
  nikHash: (nik) => nik.padEnd(64),
};

const variant = process.argv[2];
if (variant !== "encrypted" && variant !== "plain") throw new Error(`Usage: encryption-cost-server.ts encrypted|plain (got ${variant})`);

const logger = createLogger(logLevelFromEnv(process.env));
const database = await openDatabase({ ...databaseConfigFromEnv(), command: "encryption-cost-server" });
const server = await startServer({
  database,
  port: Number(process.env.PORT || 0),
  progress: silentProgress,
  adminKey: process.env.P3PD_ADMIN_KEY || undefined,
  http: httpOptionsFromEnv(process.env),
  logger,
});
// Started on a new database, so the start-up found no plain row to encrypt: from here on, every person is written through the pass-through.
if (variant === "plain") installPersonalDataCodec(passThrough);
// Printed whatever the log level: the measuring script waits for this line.
process.stdout.write(`${variant} server ready: ${server.url}/graphql\n`);
process.once("SIGTERM", () => {
  void server
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
