import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Writes `persisted-operations.json` (`npm run codegen -w @p3pd/contract`): the sha256 hash of
 * each curated operation in `operations/` → its text. The server runs an operation sent by its
 * hash from this manifest, and the SDK's codegen registers the same hashes on its documents
 * (both through codegen/persisted-operations.js, so they cannot disagree). JSON, not code, so any
 * server or gateway can read it as it is.
 */
const config: CodegenConfig = {
  schema: "./schema.graphql",
  overwrite: true,
  generates: {
    "./persisted-operations.json": {
      documents: "./operations/*.graphql",
      plugins: ["./codegen/persisted-operation-manifest.js"],
    },
  },
};

export default config;
