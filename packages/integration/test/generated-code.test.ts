import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Every package whose codegen.ts writes committed files, and what it writes. */
const generators = [
  { pkg: "contract", writes: "the persisted-operations manifest of the committed operations" },
  { pkg: "sdk", writes: "the SDK's types, methods and persisted documents of the committed schema and operations" },
  { pkg: "integration", writes: "the types of the integration tests' own documents" },
];

describe("the committed generated code", () => {
  it.each(generators)("of $pkg is what codegen makes now: $writes (run `npm run codegen` when this fails)", ({ pkg }) => {
    const cwd = fileURLToPath(new URL(`../../${pkg}/`, import.meta.url));
    const check = spawnSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--check"], { cwd, encoding: "utf8" });
    expect(check.stderr + check.stdout).not.toContain("stale files");
    expect(check.status).toBe(0);
  });
});
