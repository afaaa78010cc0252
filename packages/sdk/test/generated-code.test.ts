import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sdkDir = fileURLToPath(new URL("..", import.meta.url));

describe("the generated SDK code", () => {
  it("is what codegen makes of the committed schema and operations (run `npm run codegen` when this fails)", () => {
    const check = spawnSync("npx", ["graphql-codegen", "--config", "codegen.ts", "--check"], { cwd: sdkDir, encoding: "utf8" });
    expect(check.stderr + check.stdout).not.toContain("stale files");
    expect(check.status).toBe(0);
  });
});
