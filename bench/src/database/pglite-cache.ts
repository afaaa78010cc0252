import { access, cp, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { cacheDir, repoRoot } from "../paths.js";
import { startOurServer } from "../systems/our-server.js";
import { hashInputs } from "./file-hash.js";

/** What the embedded database depends on: migrations, the tree loader and its data, the PGlite build. */
const inputFolders = ["prisma/migrations", "packages/server/src/import", "node_modules/idn-area-data/data", "node_modules/@electric-sql/pglite/dist"];

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A P3PD_DATA_DIR holding the embedded database with the whole tree (no demo: the PGlite
 * scenarios read only the tree), made once by `p3pd serve` itself and kept under bench/.cache/.
 */
export async function cachedPgliteDataDir(log: (message: string) => void): Promise<string> {
  const key = await hashInputs(repoRoot, inputFolders, []);
  const name = `pglite-tree-${key}`;
  const dataDir = path.join(cacheDir, name);
  if (await exists(dataDir)) {
    log(`PGlite: reusing the cached embedded database (bench/.cache/${name}).`);
    return dataDir;
  }
  log(`PGlite: building the embedded database once (bench/.cache/${name}).`);
  const partial = `${dataDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  // The first start migrates and loads the tree; once it says ready there is nothing left to do.
  const server = await startOurServer({ kind: "pglite", dataDir: partial }, "unused");
  await server.stop();
  for (const entry of await readdir(cacheDir)) {
    if (entry.startsWith("pglite-tree-") && entry !== `${name}.partial`) await rm(path.join(cacheDir, entry), { recursive: true, force: true });
  }
  await rename(partial, dataDir);
  return dataDir;
}

/** A copy of the cached folder that a run may change freely; the caller deletes it. */
export async function copyOfPgliteDataDir(cached: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "p3pd-bench-pglite-"));
  await cp(cached, copy, { recursive: true });
  return copy;
}
