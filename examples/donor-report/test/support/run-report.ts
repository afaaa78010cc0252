import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const mainScript = path.join("examples", "donor-report", "src", "main.ts");

export interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the example CLI as a program officer would, in its own Node process. */
export function runDonorReport(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", mainScript, ...args], {
      cwd: repoRoot,
      env: { ...process.env, P3PD_URL: undefined, P3PD_API_KEY: undefined, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
