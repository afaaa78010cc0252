/**
 * How GraphQL Code Generator types the contract in TypeScript, shared by every package that
 * generates types from it (the SDK's curated operations, the integration tests' own documents), so
 * a document gets exactly the same types wherever it is written.
 */
export const typescriptTypesConfig = {
  // Every scalar must be mapped: an unknown scalar is a codegen error instead of `any`.
  strictScalars: true,
  scalars: {
    ID: "string",
    // ISO 8601 calendar days ("2024-06-28") travel as JSON strings and stay strings.
    Date: "string",
    // Instants ("2026-11-28T06:00:00.000Z") likewise.
    DateTime: "string",
  },
  // Enums as unions of string literals (what `enumsAsTypes: true` was before
  // typescript-operations 6): no runtime enum objects, and JSON values are assignable as they are.
  enumType: "string-literal",
  // Result fields are never optional in typescript-operations 6. For variables, only required
  // ones are required, so `client.provinces()` needs no argument while `client.province()` does.
  avoidOptionals: { variableValue: false, inputValue: false, defaultValue: false },
  useTypeImports: true,
  // One object type where the schema has an interface (e.g. `...RegionSummary` on Region) instead
  // of an identical copy per implementing type. The client preset does not pass this option on.
  mergeFragmentTypes: true,
} as const;
