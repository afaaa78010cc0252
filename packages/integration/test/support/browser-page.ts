import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";

export interface BrowserBundle {
  /** The app as one ES module, every dependency in. */
  code: string;
  /** The files esbuild read, relative to the project (e.g. "node_modules/@p3pd/sdk/dist/index.js"). */
  inputs: string[];
}

/**
 * Bundles a partner's browser entry point as a partner's bundler would: imports resolved from the
 * project's own node_modules (the installed tarball), for the browser, minified.
 */
export async function bundleForBrowser(projectDir: string, entryPoint: string): Promise<BrowserBundle> {
  const result = await build({
    absWorkingDir: projectDir,
    entryPoints: [entryPoint],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entryPoint}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs).map((input) => path.normalize(input)) };
}

export interface StaticSite {
  /** e.g. http://localhost:PORT: another origin than a server on 127.0.0.1. */
  origin: string;
  close(): Promise<void>;
}

/** Serves a page and its script from a loopback port of its own, as a partner's web host would. */
export async function serveStaticSite(files: Record<string, { type: string; body: string }>): Promise<StaticSite> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://site").pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * Debian's Chromium, headless (playwright-core downloads none); the flags keep the browser itself
 * from calling home, so every request it makes comes from the page.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
