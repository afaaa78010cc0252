import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the server's CLI, migrations and demo code are found from here, not from cwd. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const benchRoot = path.join(repoRoot, "bench");
/** Built databases kept between runs; gitignored (bench/.gitignore). */
export const cacheDir = path.join(benchRoot, ".cache");
/** Committed output: one JSON file per run. */
export const resultsDir = path.join(benchRoot, "results");
/** `p3pd` on the sources (through tsx): builds the cached databases, where no figure is taken. */
export const p3pdBin = path.join(repoRoot, "packages", "server", "bin", "p3pd-dev.js");
/**
 * `p3pd` as a production install runs it: the compiled server with plain node (the bench builds it
 * first). The measured server must not carry tsx's loader, which costs memory and start-up time.
 */
export const p3pdBuiltBin = path.join(repoRoot, "packages", "server", "bin", "p3pd.js");
