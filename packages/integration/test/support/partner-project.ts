import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root, and the SDK's package folder (the one packed). */
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const sdkDir = path.join(repoRoot, "packages", "sdk");

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a process that must see nothing of this repository: without NODE_OPTIONS
 * (Vitest puts the SDK's "@p3pd/source" condition there) and without the npm_* variables `npm test`
 * sets (an npm run inside would take this repository's prefix and config for its own).
 */
export function outsideEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_OPTIONS" && !name.toLowerCase().startsWith("npm_")),
  );
  return { ...env, ...extra };
}

/** Runs a command to its end and gives its exit status and output; never rejects on a failure. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? outsideEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Throws with the command's output unless it exited with 0. */
export function succeeded(result: Run, what: string): Run {
  if (result.status !== 0) throw new Error(`${what} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * The folder this repository installed a package in, looked up the way Node does from `fromDir`
 * (a package.json path would not do: `exports` maps hide it for some packages).
 */
export function installedPackageDir(name: string, fromDir: string = sdkDir): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) throw new Error(`${name} is not installed (looked up from ${fromDir})`);
  }
}

interface Manifest {
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifestOf(packageDir: string): Manifest {
  return JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as Manifest;
}

/** The path of a package's command, to run with `process.execPath` (no npx, no shell). */
export function binOf(name: string, command: string): string {
  const dir = installedPackageDir(name);
  const { bin } = manifestOf(dir);
  const relative = typeof bin === "string" ? bin : bin?.[command];
  if (!relative) throw new Error(`${name} has no command ${command}`);
  return path.join(dir, relative);
}

/**
 * The installed folders of what a package needs at run time: its dependencies and peers, and
 * theirs, as this repository installed them. Read from the package's own package.json, so a
 * dependency the SDK forgets to declare is missing here too, as it would be for a partner. An
 * optional peer (the SDK's `@apollo/client`, for `@p3pd/sdk/apollo` only) is left out, as npm
 * leaves it out of a partner's install.
 */
export function runtimeClosure(packageDir: string): string[] {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    const { dependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = manifestOf(dir);
    const requiredPeers = Object.keys(peerDependencies).filter((name) => peerDependenciesMeta[name]?.optional !== true);
    for (const name of [...Object.keys(dependencies), ...requiredPeers]) {
      if (found.has(name)) continue;
      const dependencyDir = installedPackageDir(name, dir);
      found.set(name, dependencyDir);
      visit(dependencyDir);
    }
  };
  visit(packageDir);
  return [...found.values()];
}

export interface PackedSdk {
  /** The .tgz file. */
  tarball: string;
  /** The paths inside the package, e.g. "dist/index.js". */
  files: string[];
}

/** Builds dist/ and packs the SDK with `npm pack` into `destination`, as a release would. */
export async function packSdk(destination: string): Promise<PackedSdk> {
  // The SDK's own build script: the compile, then the contract's files copied into dist/.
  succeeded(await run("npm", ["run", "build", "--silent"], { cwd: sdkDir }), "npm run build (the SDK's build)");
  // --ignore-scripts: prepack would build again, and its output would spoil the JSON.
  const packed = succeeded(
    await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], { cwd: sdkDir }),
    "npm pack",
  );
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!entry) throw new Error(`npm pack said nothing: ${packed.stdout}`);
  return { tarball: path.join(destination, entry.filename), files: entry.files.map((file) => file.path) };
}

/**
 * A brand-new npm project in `dir` with the packed SDK installed, plus `extraPackages` (e.g.
 * @types/node). What the SDK declares it needs comes from this repository's install, packed by npm
 * (`--install-links`), and nothing from a registry (`--offline`): npm 11 asks the registry for the
 * full metadata of every name it resolves, which an install from a lockfile never caches.
 */
export async function installIntoNewProject(tarball: string, dir: string, extraPackages: readonly string[] = []): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), `${JSON.stringify({ name: "partner-app", private: true, type: "module" }, null, 2)}\n`);
  const sdkDependencies = runtimeClosure(sdkDir);
  const extras = extraPackages.flatMap((name) => {
    const packageDir = installedPackageDir(name, repoRoot);
    return [packageDir, ...runtimeClosure(packageDir)];
  });
  succeeded(
    await run(
      "npm",
      ["install", "--offline", "--install-links", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...new Set([...sdkDependencies, ...extras])],
      { cwd: dir },
    ),
    "npm install",
  );
}
