// @ts-check
/**
 * The last step of the SDK's build: copies the contract's files partners read as they are (the
 * SDL, for their own codegen, and the persisted-operations manifest, for a gateway) from
 * @p3pd/contract into dist/, where the package's `exports` point. The contract package is private:
 * partners get its files only inside the SDK.
 */
import { copyFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
for (const file of ["schema.graphql", "persisted-operations.json"]) {
  await copyFile(require.resolve(`@p3pd/contract/${file}`), new URL(`../dist/${file}`, import.meta.url));
}
