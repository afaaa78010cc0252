import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Every file below a folder, sorted, so the hash does not depend on the order the file system lists them in. */
async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A short hash of some folders' files (paths relative to `root`, and contents) and of extra
 * strings: a cached database is reused only while everything that built it is unchanged.
 */
export async function hashInputs(root: string, folders: string[], extras: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const folder of folders) {
    for (const file of await filesBelow(path.join(root, folder))) {
      hash.update(path.relative(root, file)).update("\0").update(await readFile(file)).update("\0");
    }
  }
  for (const extra of extras) hash.update(extra).update("\0");
  return hash.digest("hex").slice(0, 16);
}
