import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { DataFolderLockedError } from "./db/data-folder-lock.js";
import { databaseConfigFromEnv, openDatabase, type Database } from "./db/database.js";
import { SocketPathTooLongError } from "./db/embedded-database.js";
import { ConflictError, InvalidRowsError, NotFoundError, ValidationError } from "./cascade/write-errors.js";
import { dataKeyArgs, dataKeyUsage, DataKeyUsageError, keysArgs, keysUsage, seedDemoArgs } from "./command-line.js";
import { InvalidSettingError } from "./invalid-setting-error.js";
import { terminalProgress } from "./progress.js";
import { sdlPath } from "./paths.js";
import { DataKeyError } from "./personal-data/keyring.js";

// Each command loads what it needs when it runs (`await import` below), not here: Prisma Client,
// the schema engine, the GraphQL schema, the demo and the importers together took seconds to load,
// and `p3pd keys list` needs only Prisma.

const usage = `Usage: p3pd <command>

Commands:
  serve                 Migrate, load the data a fresh database lacks, and serve GraphQL (default).
  migrate               Apply pending migrations from prisma/migrations.
  migration <name>      Write a migration for the changes in prisma/schema.prisma.
  import participants <file.csv> --training <id>
                        Enrol an attendance sheet's rows in a training: all or nothing, idempotent.
  seed-demo [--scale program|national] [--seed <n>] [--multiply <n>] [--replace]
                        Load a deterministic synthetic cascade (after the migrations and the tree);
                        --multiply 2-50 copies it that many times over, with new people (benchmarks).
  keys create --role PARTNER|STAFF|ADMIN [--region <code>] --name <label> [--persisted-only]
                        Make an API key (STAFF keys need a region); the key is printed once.
  keys list             List keys: prefix, role, region, name, last use; never a secret.
  keys revoke <id or prefix>
                        Revoke a key; it stops working at once in every server process.
  data-key rotate [--batch-size <n>]
                        Re-encrypt every personal value under the current data key, in batches
                        (resumable: run it again after a crash). On the embedded default's key
                        file it first adds a new key; with P3PD_DATA_KEY, set the new key (the old
                        one in P3PD_DATA_KEYS_PREVIOUS) on every server first.
  person export <id> [--out <file>]
                        Write everything held about one person (the personalData document, as an
                        ADMIN key gets it) as JSON to stdout, or to a new owner-only file. <id>:
                        the person's global ID or row UUID.
  retention apply [--dry-run]
                        Erase the personal data of people with no enrollment activity for
                        P3PD_RETENTION_YEARS years, each audited; --dry-run only counts them.
  print-schema          Write the GraphQL SDL to packages/contract/schema.graphql.

Environment:
  DATABASE_URL          PostgreSQL connection string; unset or empty = embedded PGlite.
  P3PD_DATA_DIR         Folder for the embedded database (default ./.data).
  PORT                  HTTP port for serve (default 4000).
  HOST                  Interface for serve to bind (default 127.0.0.1).
  P3PD_DATA_KEY         The key personal data is encrypted under: 32 random bytes in base64
                        (openssl rand -base64 32). Required with DATABASE_URL; unset on the
                        embedded default = a key file made once in the data folder (owner-only).
  P3PD_RETENTION_YEARS  Years personal data is kept after a person's last enrollment activity
                        (1-100; unset = keep); applied by \`p3pd retention apply\`.
  P3PD_DATA_KEYS_PREVIOUS
                        Comma-separated older data keys, kept to read values not yet re-encrypted.
  P3PD_ADMIN_KEY        A bootstrap ADMIN key that needs no row in the key table (for operators,
                        tests and benchmarks); unset = only keys made with \`p3pd keys\`.
  P3PD_MAX_BODY_BYTES   Largest request body accepted, in bytes (default 1000000).
  P3PD_EXECUTION_TIMEOUT_MS
                        How long one GraphQL operation may run, in milliseconds (default 10000).
  P3PD_CORS_ORIGINS     Comma-separated origins browsers may call from, or * for any (default: none).
  P3PD_TRUSTED_PROXIES  Comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For
                        names the client (default: none).
  P3PD_METRICS_TOKEN    Serve /metrics to requests bearing this token (default: /metrics is off).
  P3PD_DRAIN_SECONDS    On SIGTERM or SIGINT, how long requests in flight may finish (default 25).
  P3PD_LOG_LEVEL        fatal, error, warn, info (default), debug, trace or silent; JSON lines on stdout.
`;

const log = (message: string) => process.stderr.write(`${message}\n`);

async function serve(): Promise<void> {
  const [{ httpOptionsFromEnv }, { createLogger, logLevelFromEnv }] = await Promise.all([import("./http/http-options.js"), import("./observability/logger.js")]);
  const http = httpOptionsFromEnv(process.env);
  // Checked at start, like every setting: a mistyped retention period must not wait for its first run.
  (await import("./personal-data/retention.js")).retentionYearsFromEnv(process.env);
  const logger = createLogger(logLevelFromEnv(process.env));
  // Loaded here, not at the top: the GraphQL schema and server are most of the command's load
  // time, and the other commands (keys while a server runs, above all) should not wait for them.
  const { startServer } = await import("./http/start-server.js");
  // Never shares: a second server on one data folder is refused, naming the first.
  const database = await openDatabase({ ...databaseConfigFromEnv(), command: "p3pd serve", log: (message) => logger.warn(message) });
  const server = await startServer({
    database,
    port: Number(process.env.PORT || 4000),
    host: process.env.HOST || "127.0.0.1",
    progress: terminalProgress(),
    adminKey: process.env.P3PD_ADMIN_KEY || undefined,
    http,
    logger,
  });
  logger.info(`P3PD Training Graph ready: ${server.url}/graphql`);
  // A second signal while draining is left to this handler, which is already stopping.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainSeconds: http.drainSeconds }, "Shutting down: finishing the requests in flight");
    server
      .close(http.drainSeconds)
      .then(() => database.close())
      .then(
        () => {
          logger.info("Stopped");
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "Shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/**
 * Runs `work` on the configured database. With the embedded default and a live `p3pd serve` on the
 * same data folder, that is the server's own database, reached through its socket: the folder is
 * never opened twice.
 */
async function withDatabase(work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase({ ...databaseConfigFromEnv(), shareRunningServer: true, log });
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** The command line, or a UsageError saying what node:util's parser objected to (an unknown option, a missing value). */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: "boolean", short: "h" }, training: { type: "string" }, out: { type: "string" }, "dry-run": { type: "boolean" }, ...seedDemoArgs, ...keysArgs, ...dataKeyArgs },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Runs one command; resolves to "serving" when the process must stay up after it. */
async function main(argv: string[]): Promise<"serving" | void> {
  const { positionals, values } = parseCommandLine(argv);
  const [command = "serve", ...rest] = positionals;
  if (values.help) return void process.stdout.write(usage);
  switch (command) {
    case "serve":
      await serve();
      return "serving";
    case "migrate":
      return withDatabase(async (database) => {
        const [{ applyPendingMigrations }, { createPrismaClient }, { preparePersonalData }] = await Promise.all([
          import("./db/migrations.js"),
          import("./db/prisma.js"),
          import("./personal-data/prepare.js"),
        ]);
        const applied = await applyPendingMigrations(database);
        log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
        // The rows a migration left in plain text are encrypted here too, not only by the next serve.
        const prisma = createPrismaClient(database);
        try {
          const { encrypted } = await preparePersonalData(prisma, database);
          if (encrypted > 0) log(`Encrypted the personal fields of ${encrypted} people.`);
        } finally {
          await prisma.$disconnect();
        }
      });
    case "migration": {
      const name = rest[0];
      if (!name) throw new UsageError("migration needs a name, e.g. `npm run db:migration -- add_trainings`");
      return withDatabase(async (database) => {
        const { authorMigration } = await import("./db/migrations.js");
        const folder = await authorMigration(database, name);
        log(folder ? `Wrote ${folder}/migration.sql` : "The schema has no changes since the last migration.");
      });
    }
    case "import": {
      const [what, file] = rest;
      if (what !== "participants" || !file || !values.training) {
        throw new UsageError("Usage: p3pd import participants <file.csv> --training <id>");
      }
      const training = values.training;
      return withDatabase(async (database) => {
        const [{ createPrismaClient }, { preparePersonalData }, { describeImport, describeRowIssues, importParticipantsFile }] = await Promise.all([
          import("./db/prisma.js"),
          import("./personal-data/prepare.js"),
          import("./import/participants-command.js"),
        ]);
        const prisma = createPrismaClient(database);
        try {
          await preparePersonalData(prisma, database);
          log(describeImport(await importParticipantsFile(prisma, file, training, terminalProgress())));
        } catch (error) {
          if (!(error instanceof InvalidRowsError)) throw error;
          throw new CommandFailure(describeRowIssues(error, file));
        } finally {
          await prisma.$disconnect();
        }
      });
    }
    case "seed-demo": {
      const { demoOptionsOf, runSeedDemo } = await import("./demo/command.js");
      const options = demoOptionsOf(values);
      return withDatabase((database) => runSeedDemo(database, options, log));
    }
    case "keys": {
      const [action, target] = rest;
      return withDatabase(async (database) => {
        const [{ applyPendingMigrations }, { createPrismaClient }, { runKeysCommand }] = await Promise.all([
          import("./db/migrations.js"),
          import("./db/prisma.js"),
          import("./access/keys-command.js"),
        ]);
        await applyPendingMigrations(database);
        const prisma = createPrismaClient(database);
        try {
          const result = await runKeysCommand(prisma, action, target, values);
          if (!result) throw new UsageError(keysUsage);
          process.stdout.write(result.output);
          log(result.message);
        } finally {
          await prisma.$disconnect();
        }
      });
    }
    case "data-key": {
      if (rest[0] !== "rotate") throw new UsageError(dataKeyUsage);
      const { rotateDataKey } = await import("./personal-data/data-key-command.js");
      return withDatabase((database) => rotateDataKey(database, process.env, values, log));
    }
    case "person": {
      const [action, id] = rest;
      if (action !== "export" || !id) throw new UsageError("Usage: p3pd person export <id> [--out <file>]");
      const out = values.out;
      return withDatabase(async (database) => {
        const [{ personalDataDocument }, { createPrismaClient }, { preparePersonalData }] = await Promise.all([
          import("./http/personal-data-export.js"),
          import("./db/prisma.js"),
          import("./personal-data/prepare.js"),
        ]);
        const prisma = createPrismaClient(database);
        try {
          await preparePersonalData(prisma, database);
          const json = `${JSON.stringify(await personalDataDocument(prisma, id), null, 2)}\n`;
          if (out === undefined) return void process.stdout.write(json);
          // Personal data: a new file only its owner may read, never one that exists already.
          await writeFile(out, json, { mode: 0o600, flag: "wx" }).catch((error: unknown) => {
            throw error instanceof Error && "code" in error && error.code === "EEXIST" ? new CommandFailure(`${out} exists already: give a new file.`) : error;
          });
          log(`Wrote the personal data of ${id} to ${out}.`);
        } finally {
          await prisma.$disconnect();
        }
      });
    }
    case "retention": {
      if (rest[0] !== "apply") throw new UsageError("Usage: p3pd retention apply [--dry-run]");
      const { applyRetention, describeRetention, retentionYearsFromEnv } = await import("./personal-data/retention.js");
      const years = retentionYearsFromEnv(process.env);
      if (years === null) throw new CommandFailure("P3PD_RETENTION_YEARS is not set: personal data is kept for as long as the platform runs, so there is nothing to apply.");
      const dryRun = values["dry-run"] === true;
      return withDatabase(async (database) => {
        const [{ createPrismaClient }, { preparePersonalData }] = await Promise.all([import("./db/prisma.js"), import("./personal-data/prepare.js")]);
        const prisma = createPrismaClient(database);
        try {
          await preparePersonalData(prisma, database);
          process.stdout.write(describeRetention(await applyRetention(prisma, years, { dryRun }), dryRun));
        } finally {
          await prisma.$disconnect();
        }
      });
    }
    case "print-schema": {
      const { printSdl } = await import("./schema/index.js");
      await writeFile(sdlPath, printSdl());
      log(`Wrote ${sdlPath}`);
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

class UsageError extends Error {}
/** A failure the user can act on from its message alone: no stack trace. */
class CommandFailure extends Error {}
const isUserFacing = (error: unknown): error is Error =>
  error instanceof CommandFailure ||
  error instanceof InvalidSettingError ||
  error instanceof DataKeyError ||
  error instanceof DataKeyUsageError ||
  error instanceof ValidationError ||
  error instanceof NotFoundError ||
  error instanceof ConflictError ||
  error instanceof DataFolderLockedError ||
  error instanceof SocketPathTooLongError;

main(process.argv.slice(2)).then((outcome) => {
  // A command is done when its work is: Prisma's schema engine leaves a timer behind that would
  // keep the process waiting for seconds more.
  if (outcome !== "serving") process.exit(0);
}, (error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${usage}`);
  } else if (isUserFacing(error)) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
