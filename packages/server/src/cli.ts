import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { databaseConfigFromEnv, openDatabase, type Database } from "./db/database.js";
import { applyPendingMigrations, authorMigration } from "./db/migrations.js";
import { startServer } from "./http/start-server.js";
import { terminalProgress } from "./import/progress.js";
import { sdlPath } from "./paths.js";

const usage = `Usage: p3pd <command>

Commands:
  serve                 Migrate, load the data a fresh database lacks, and serve GraphQL (default).
  migrate               Apply pending migrations from prisma/migrations.
  migration <name>      Write a migration for the changes in prisma/schema.prisma.
  print-schema          Write the GraphQL SDL to packages/sdk/schema.graphql.

Environment:
  DATABASE_URL          PostgreSQL connection string; unset or empty = embedded PGlite.
  P3PD_DATA_DIR         Folder for the embedded database (default ./.data).
  PORT                  HTTP port for serve (default 4000).
  HOST                  Interface for serve to bind (default 127.0.0.1).
  P3PD_ADMIN_KEY        The API key that may write (Authorization: Bearer <key>); unset = read-only.
`;

const log = (message: string) => process.stderr.write(`${message}\n`);

async function serve(): Promise<void> {
  const database = await openDatabase(databaseConfigFromEnv());
  const server = await startServer({
    database,
    port: Number(process.env.PORT || 4000),
    host: process.env.HOST || "127.0.0.1",
    progress: terminalProgress(),
    adminKey: process.env.P3PD_ADMIN_KEY || undefined,
    log,
  });
  log(`P3PD Training Graph ready: ${server.url}/graphql`);
  const stop = () => {
    log("Shutting down…");
    server
      .close()
      .then(() => database.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function withDatabase(work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openDatabase(databaseConfigFromEnv());
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
  const [command = "serve", ...rest] = positionals;
  if (values.help) return void process.stdout.write(usage);
  switch (command) {
    case "serve":
      return serve();
    case "migrate":
      return withDatabase(async (database) => {
        const applied = await applyPendingMigrations(database);
        log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
      });
    case "migration": {
      const name = rest[0];
      if (!name) throw new UsageError("migration needs a name, e.g. `npm run db:migration -- add_trainings`");
      return withDatabase(async (database) => {
        const folder = await authorMigration(database, name);
        log(folder ? `Wrote ${folder}/migration.sql` : "The schema has no changes since the last migration.");
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

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${usage}`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
