// @ts-check
/**
 * Local GraphQL Code Generator plugin: turns every curated operation into a client method.
 * Operation `Province` becomes `province(variables, options?)`, which runs `ProvinceDocument`
 * (emitted by typed-document-node) through the runner the client passes in. The methods take their
 * result and variable types from the TypedDocumentNode, so this plugin emits no types of its own.
 */
import { Kind } from "graphql";

/**
 * @typedef {object} OperationMethodsConfig
 * @property {string} documentsModule Module exporting the `…Document` constants, relative to the output.
 * @property {string} runnerModule Module exporting the `RunOperation` and `OperationArgs` types.
 */

/** @param {string} name */
function methodName(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * The operations of all documents, each with the file it came from.
 * @param {import("@graphql-codegen/plugin-helpers").Types.DocumentFile[]} documents
 */
function operationsOf(documents) {
  return documents.flatMap((file) =>
    (file.document?.definitions ?? [])
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({ operation, location: file.location ?? "" })),
  );
}

/**
 * Method names come from operation names, so each operation needs a unique PascalCase name:
 * anything else would give an unnamed, clashing or oddly cased method.
 * @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<OperationMethodsConfig>}
 */
export function validate(_schema, documents, config) {
  if (!config.documentsModule || !config.runnerModule) {
    throw new Error("operation-methods: set both `documentsModule` and `runnerModule` in its config.");
  }
  const seen = new Set();
  for (const { operation, location } of operationsOf(documents)) {
    const name = operation.name?.value;
    if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      throw new Error(`operation-methods: every operation needs a PascalCase name (${location}).`);
    }
    if (seen.has(name)) throw new Error(`operation-methods: operation ${name} is defined twice.`);
    seen.add(name);
  }
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction<OperationMethodsConfig>} */
export function plugin(_schema, documents, config) {
  const operations = operationsOf(documents)
    .map(({ operation, location }) => ({
      name: operation.name?.value ?? "",
      kind: operation.operation,
      file: location.replace(/^.*\/(operations\/)/, "$1"),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const documentImports = operations.map(({ name }) => `  ${name}Document,`).join("\n");
  const methods = operations
    .map(
      ({ name, kind, file }) =>
        `    /** Runs the \`${name}\` ${kind} (${file}). */\n` +
        `    ${methodName(name)}: (...args: OperationArgs<VariablesOf<typeof ${name}Document>>) =>\n` +
        `      run(${name}Document, ...args),`,
    )
    .join("\n");

  return [
    `import type { VariablesOf } from "@graphql-typed-document-node/core";`,
    `import type { OperationArgs, RunOperation } from "${config.runnerModule}";`,
    `import {\n${documentImports}\n} from "${config.documentsModule}";`,
    "",
    "/** One method per curated operation, each running its typed document through `run`. */",
    "export function createOperationMethods(run: RunOperation) {",
    "  return {",
    methods,
    "  };",
    "}",
    "",
    "/** The methods a client has for the curated operations. */",
    "export type OperationMethods = ReturnType<typeof createOperationMethods>;",
    "",
  ].join("\n");
}
