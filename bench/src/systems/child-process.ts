import { spawn, type ChildProcess } from "node:child_process";

/** Output kept per process: enough to explain a failed start, bounded so a chatty server cannot grow it. */
const keptOutputChars = 64 * 1024;

export interface ServerProcess {
  /** Operating-system process id: the process whose memory we read. */
  pid: number;
  /** What the ready line named, e.g. http://127.0.0.1:41234/graphql. */
  url: string;
  /** The last output it printed (stdout and stderr interleaved). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after a few seconds; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ServerLaunch {
  /** For messages: "our server", "PostGraphile". */
  label: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Matched against the output; its first group is the URL the server answers on. */
  ready: RegExp;
  /** How long it may take to say it is ready (importing the tree into a fresh database takes a while). */
  timeoutMs: number;
}

function keepTail(text: string): string {
  return text.length > keptOutputChars ? text.slice(-keptOutputChars) : text;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts a server process and resolves once it prints its ready line; rejects with its output if it exits or times out first. */
export function startServerProcess(launch: ServerLaunch): Promise<ServerProcess> {
  const child = spawn(launch.command, launch.args, { env: launch.env, cwd: launch.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stopChild(child).then(() => reject(new Error(`${launch.label} ${reason}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`was not ready after ${launch.timeoutMs / 1000} s`), launch.timeoutMs);
    const onData = (chunk: Buffer) => {
      output = keepTail(output + chunk.toString());
      const url = launch.ready.exec(output)?.[1];
      if (url && child.pid !== undefined) {
        clearTimeout(timer);
        child.removeListener("exit", onEarlyExit);
        resolve({ pid: child.pid, url, output: () => output, stop: () => stopChild(child) });
      }
    };
    const onEarlyExit = (code: number | null) => fail(`exited (${code}) before it was ready`);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onEarlyExit);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
  });
}

/**
 * Runs a command to completion with its output on our stderr (progress bars stay visible, stdout
 * stays the report's); rejects on a non-zero exit.
 */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", 2, 2] });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? code})`)),
    );
  });
}
