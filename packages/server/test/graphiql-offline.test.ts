import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/http/start-server.js";
import { repoRoot } from "../src/paths.js";
import { startSharedServer } from "./support/shared-database.js";

/** Where the test keeps its screenshot (gitignored: an artefact of the run, not a fixture). */
const screenshotPath = path.join(repoRoot, "test-artifacts", "graphiql-offline.png");

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startSharedServer();
  // Debian's Chromium (playwright-core downloads none); the flags keep the browser itself from
  // calling home, so every request seen below comes from the page.
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("GraphiQL", () => {
  it("loads with no request to any other host, runs a query typed into its editor and shows the answer", async () => {
    const origin = new URL(server.url).origin;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Only our own server and the page's inline blob:/data: URLs are allowed; anything else is refused and recorded.
    const foreignRequests: string[] = [];
    await context.route(
      (url) => url.origin !== origin,
      async (route) => {
        foreignRequests.push(route.request().url());
        await route.abort();
      },
    );
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    const response = await page.goto(`${server.url}/graphql`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("P3PD Training Graph");

    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.waitFor({ state: "visible", timeout: 30_000 });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    // insertText types no key events, so the editor adds no closing brackets of its own.
    await page.keyboard.insertText('query ProvinceName { province(code: "73") { name } }');
    await page.locator(".graphiql-execute-button").click();

    const answer = page.locator(".graphiql-response");
    // The response editor renders spaces as non-breaking ones: compare with white space folded.
    const answerText = async () => (await answer.innerText()).replace(/\s+/g, " ");
    await expect.poll(answerText, { timeout: 30_000 }).toContain('"province": { "name": "Sulawesi Selatan" }');

    await mkdir(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    await context.close();

    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
