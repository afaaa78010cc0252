import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../src/paths.js";

export interface ServeProcess {
  child: ChildProcess;
  /** Base URL it printed when ready, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Seconds from launch to "ready". */
  seconds: number;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Which `p3pd` runs: the TypeScript sources through tsx (development), or the build (`npm run build`). */
export type ServeEntry = "sources" | "build";
const entryScripts: Record<ServeEntry, string> = { sources: "packages/server/bin/p3pd-dev.js", build: "packages/server/bin/p3pd.js" };

/**
 * Runs `p3pd serve` in its own process, as a user would (on a free port), and resolves once it
 * prints that it is ready; rejects with its output if it exits before. `root` is the checkout whose
 * server runs (default this one; a measurement may run another, e.g. the code before a change).
 */
export function startServeProcess(env: NodeJS.ProcessEnv, entry: ServeEntry = "sources", root: string = repoRoot): Promise<ServeProcess> {
  return startReadyProcess([path.join(root, entryScripts[entry]), "serve"], env);
}

/**
 * Runs `node <args>` with `env` (over this process's, PORT=0 for a free port) and resolves once it
 * prints "ready: <url>/graphql", as `p3pd serve` does; rejects with its output if it exits before.
 */
export function startReadyProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.removeAllListeners("exit");
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready: (http:\/\/\S+)\/graphql/.exec(output);
      if (ready?.[1]) {
        resolve({ child, url: ready[1], output: () => output, seconds: (performance.now() - started) / 1000, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`p3pd serve exited with ${code} before it was ready:\n${output}`)));
  });
}
