import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The repository root: paths to shared project files are resolved from here, not from cwd. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const prismaSchemaPath = path.join(repoRoot, "prisma", "schema.prisma");
export const migrationsDir = path.join(repoRoot, "prisma", "migrations");
/** The schema as it stood when the last migration was written; new migrations diff from it. */
export const migratedSchemaSnapshotPath = path.join(migrationsDir, "schema-snapshot.prisma");
/** The committed SDL, in the contract package the server and the SDK share. */
export const sdlPath = require.resolve("@p3pd/contract/schema.graphql");

/** A file inside an installed package, found the way Node resolves `specifier`. */
export function packageFile(specifier: string, relativePath: string): string {
  return path.join(path.dirname(require.resolve(specifier)), relativePath);
}
