import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/paths.js";

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser over every package (sources, tests, scripts), with the rules of .dependency-cruiser.cjs. */
function violations(): string[] {
  const cli = path.join(repoRoot, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");
  const run = spawnSync(process.execPath, [cli, "packages", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  expect(report.summary.totalCruised).toBeGreaterThan(100);
  return report.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
}

describe("the import rules (docs/architecture.md)", () => {
  it("hold: no cycle, the server and the SDK share only the contract, and no server layer imports one above it (the domain never imports schema/ or http/)", () => {
    expect(violations()).toEqual([]);
  });
});
