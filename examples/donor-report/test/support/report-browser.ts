import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own). The flags
 * keep it from calling home, so any request it makes comes from the page under test.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface OpenedReport {
  page: Page;
  fileUrl: string;
  /** Every request the page made, the report file itself included. */
  requests: string[];
  /** Requests that would have gone over the network; each was refused. */
  networkRequests: string[];
  close(): Promise<void>;
}

/** Opens a report file offline, recording every request and refusing any that would leave the machine. */
export async function openReport(browser: Browser, file: string): Promise<OpenedReport> {
  const fileUrl = pathToFileURL(file).href;
  const context = await browser.newContext({ offline: true, viewport: { width: 1440, height: 900 } });
  const networkRequests: string[] = [];
  await context.route(/^(?!file:)/, async (route) => {
    networkRequests.push(route.request().url());
    await route.abort();
  });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(fileUrl, { waitUntil: "load" });
  return { page, fileUrl, requests, networkRequests, close: () => context.close() };
}
