import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type CoverageQuery, type P3pdClient } from "@p3pd/sdk";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../../../packages/server/src/db/migrations.js";
import { createPrismaClient } from "../../../packages/server/src/db/prisma.js";
import { seedDemo } from "../../../packages/server/src/demo/index.js";
import { createApiKey } from "../../../packages/server/src/access/api-keys.js";
import { startServer, type RunningServer } from "../../../packages/server/src/http/start-server.js";
import { loadAllData } from "../../../packages/server/src/import/load-data.js";
import { silentProgress } from "../../../packages/server/src/progress.js";
import { createFreshDatabase, testEngine, type FreshDatabase } from "../../../packages/server/test/support/fresh-database.js";
import { launchChromium, openReport, type OpenedReport } from "./support/report-browser.js";
import { runDonorReport } from "./support/run-report.js";

/**
 * The donor report, end to end: a database of its own with the program-scale demo cascade, a
 * live API over it, the example run as a CLI, and the HTML it writes opened offline in Debian's
 * headless Chromium. What the page shows is compared with what the API answers.
 */
const seed = 20240628;

type Coverage = CoverageQuery["coverage"];

let fresh: FreshDatabase;
let server: RunningServer;
let partnerKey: string;
let graphqlUrl: string;
let client: P3pdClient;
let browser: Browser;
let outDir: string;

beforeAll(async () => {
  fresh = await createFreshDatabase();
  const prisma = createPrismaClient(fresh.database);
  await applyPendingMigrations(fresh.database);
  await loadAllData(prisma, silentProgress);
  await seedDemo(prisma, { scale: "program", seed, replace: false }, silentProgress);
  await prisma.$disconnect();
  server = await startServer({ database: fresh.database, port: 0, progress: silentProgress });
  graphqlUrl = `${server.url}/graphql`;
  // Donor tools hold PARTNER keys: coverage is theirs, personal data is not.
  partnerKey = (await createApiKey(server.prisma, { role: "PARTNER", name: "donor-report test" })).key;
  client = createClient({ url: graphqlUrl, apiKey: partnerKey });
  browser = await launchChromium();
  outDir = await mkdtemp(path.join(tmpdir(), "p3pd-donor-report-"));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fresh?.destroy();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Writes the report for these arguments and opens it; fails with the CLI's stderr if it did not run. */
async function reportFor(args: string[], name: string): Promise<{ file: string; report: OpenedReport; startedAt: Date; endedAt: Date }> {
  const file = path.join(outDir, name);
  const startedAt = new Date();
  const run = await runDonorReport([...args, "--url", graphqlUrl, "--out", file], { P3PD_API_KEY: partnerKey });
  const endedAt = new Date();
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toBe(`Wrote ${file}\n`);
  return { file, report: await openReport(browser, file), startedAt, endedAt };
}

interface Figure {
  indicator: string;
  value: string;
  text: string;
  detail: string;
}

const figuresOf = (report: OpenedReport) =>
  report.page.$$eval(".kpi", (elements) =>
    elements.map((element) => ({
      indicator: element.getAttribute("data-indicator") ?? "",
      value: element.getAttribute("data-value") ?? "",
      text: element.querySelector(".value")?.textContent ?? "",
      detail: element.querySelector(".detail")?.textContent ?? "",
    })),
  );

/** A count as printed: digits in groups of three, comma-separated. */
const printedCount = (text: string) => {
  expect(text).toMatch(/^\d{1,3}(,\d{3})*$/);
  return Number(text.replaceAll(",", ""));
};

const percentOf = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

/** The six headline figures equal the API's numbers, and are printed with thousands separators. */
function expectHeadline(figures: Figure[], coverage: Coverage): void {
  const byIndicator = new Map(figures.map((figure) => [figure.indicator, figure]));
  expect([...byIndicator.keys()]).toEqual(["totParticipants", "certifiedTrainers", "kabupatenMeetingTrainerTarget", "kecamatanCovered", "villagesReached", "gainAverage"]);
  for (const indicator of ["totParticipants", "certifiedTrainers", "kabupatenMeetingTrainerTarget", "kecamatanCovered", "villagesReached"] as const) {
    const figure = byIndicator.get(indicator);
    expect(figure?.value, indicator).toBe(String(coverage[indicator]));
    expect(printedCount(figure?.text ?? ""), indicator).toBe(coverage[indicator]);
  }
  expect(byIndicator.get("kabupatenMeetingTrainerTarget")?.detail).toContain(`of ${coverage.kabupatenTotal.toLocaleString("en-US")}`);
  expect(byIndicator.get("kecamatanCovered")?.detail).toContain(percentOf(coverage.kecamatanCoverageRate));
  expect(byIndicator.get("villagesReached")?.detail).toContain(`of ${coverage.villagesTotal.toLocaleString("en-US")}`);
  expect(byIndicator.get("villagesReached")?.detail).toContain(percentOf(coverage.villageReachRate));
  const gain = byIndicator.get("gainAverage");
  expect(Number(gain?.value)).toBe(coverage.gainAverage);
  expect(gain?.text).toMatch(/^[+-]\d+\.\d$/);
  expect(Number(gain?.text)).toBeCloseTo(coverage.gainAverage ?? Number.NaN, 1);
}

interface Bar {
  code: string;
  rate: number;
  width: number;
  trackWidth: number;
  label: string;
  tooltip: string;
}

const barsOf = (report: OpenedReport): Promise<Bar[]> =>
  report.page.$$eval("svg.chart rect.bar", (rects) =>
    rects.map((rect) => {
      const row = rect.closest("g");
      return {
        code: rect.getAttribute("data-region-code") ?? "",
        rate: Number(rect.getAttribute("data-rate")),
        width: Number(rect.getAttribute("width")),
        trackWidth: Number(row?.querySelector("rect.track")?.getAttribute("width")),
        label: row?.querySelector("text.label")?.textContent ?? "",
        tooltip: row?.querySelector("title")?.textContent ?? "",
      };
    }),
  );

/** One bar per child region, in the API's order, each as long as its village reach rate. */
function expectChart(bars: Bar[], coverage: Coverage): void {
  expect(coverage.children.length).toBeGreaterThan(0);
  expect(bars).toHaveLength(coverage.children.length);
  expect(bars.map((bar) => bar.code)).toEqual(coverage.children.map((child) => child.regionCode));
  coverage.children.forEach((child, index) => {
    const bar = bars[index];
    expect(bar?.rate).toBe(child.villageReachRate ?? 0);
    expect((bar?.width ?? 0) / (bar?.trackWidth ?? 1)).toBeCloseTo(child.villageReachRate ?? 0, 3);
    expect(bar?.tooltip).toContain(`${child.region?.name} (${child.regionCode})`);
  });
}

/** Opened offline, the page asked for nothing but its own file and refers to nothing outside it. */
async function expectSelfContained(report: OpenedReport): Promise<void> {
  expect(report.requests).toEqual([report.fileUrl]);
  expect(report.networkRequests).toEqual([]);
  const references = await report.page.$$eval("[src], [href]", (elements) =>
    elements.map((element) => element.getAttribute("src") ?? element.getAttribute("href") ?? ""),
  );
  expect(references.filter((reference) => !reference.startsWith("data:") && !reference.startsWith("#"))).toEqual([]);
}

describe(`the donor-report example on ${testEngine}`, () => {
  it("reports the whole country for --stage 3: one bar per province and the API's headline numbers, offline", async () => {
    const { coverage } = await client.coverage({ stage: 3 });
    const { report, startedAt, endedAt } = await reportFor(["--stage", "3"], "stage-3.html");
    try {
      await expectSelfContained(report);
      expect(await report.page.textContent("h1")).toBe("P3PD ToT cascade — Indonesia, stage 3");
      expectHeadline(await figuresOf(report), coverage);
      expectChart(await barsOf(report), coverage);
      expect(await report.page.$$eval("#children tbody tr", (rows) => rows.map((row) => row.getAttribute("data-region-code")))).toEqual(
        coverage.children.map((child) => child.regionCode),
      );
      const fetchedAt = new Date((await report.page.getAttribute("time", "datetime")) ?? "");
      expect(fetchedAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
      expect(fetchedAt.getTime()).toBeLessThanOrEqual(endedAt.getTime());
      expect(await report.page.textContent("time")).toMatch(/\d{2}:\d{2} UTC$/);
    } finally {
      await report.close();
    }
  });

  it("reports province 73 for --region 73: one bar per kabupaten/kota and the API's headline numbers, offline", async () => {
    const { coverage } = await client.coverage({ regionCode: "73" });
    const { report } = await reportFor(["--region", "73"], "region-73.html");
    try {
      await expectSelfContained(report);
      expect(await report.page.textContent("h1")).toBe(`P3PD ToT cascade — ${coverage.region?.name}`);
      expectHeadline(await figuresOf(report), coverage);
      expectChart(await barsOf(report), coverage);
      const institutions = await report.page.$$eval("#institutions tbody tr", (rows) => rows.length);
      expect(institutions).toBe(coverage.totParticipantsByInstitution.length);
      const modules = await report.page.$$eval("#modules tbody tr", (rows) => rows.length);
      expect(modules).toBe(coverage.scoresByModule.length);
    } finally {
      await report.close();
    }
  });

  it("prints a village name holding a double quote exactly, in the chart and in the table", async () => {
    // Such as Soka"an, in kecamatan 35.13.15: the page must neither break on it nor mangle it.
    const [quoted] = await server.prisma.$queryRaw<{ code: string; name: string; kecamatan: string }[]>`
      SELECT code, name, kecamatan_code AS kecamatan FROM village WHERE name LIKE '%"%' ORDER BY code LIMIT 1`;
    expect(quoted?.name).toContain('"');
    const { coverage } = await client.coverage({ regionCode: quoted?.kecamatan });
    const { file, report } = await reportFor(["--region", quoted?.kecamatan ?? ""], "quoted-name.html");
    try {
      const bars = await barsOf(report);
      expectChart(bars, coverage);
      const bar = bars.find((candidate) => candidate.code === quoted?.code);
      expect(bar?.label).toBe(quoted?.name);
      const cells = await report.page.$$eval(`#children tr[data-region-code="${quoted?.code}"] td`, (tds) => tds.map((td) => td.textContent));
      expect(cells.slice(0, 2)).toEqual([quoted?.code, quoted?.name]);
      // The raw file never holds the bare quote inside markup: it is escaped, so attributes cannot break.
      expect(await readFile(file, "utf8")).not.toContain(quoted?.name);
    } finally {
      await report.close();
    }
  });

  it("exits with 1 and says why for a malformed region code or a stage that does not exist", async () => {
    const malformed = await runDonorReport(["--region", "7x", "--url", graphqlUrl, "--api-key", partnerKey, "--out", path.join(outDir, "never.html")]);
    expect(malformed.exitCode).toBe(1);
    expect(malformed.stderr).toMatch(/^Error: "7x" is not a region code/);
    const unknownStage = await runDonorReport(["--stage", "9", "--url", graphqlUrl, "--out", path.join(outDir, "never.html")], { P3PD_API_KEY: partnerKey });
    expect(unknownStage.exitCode).toBe(1);
    expect(unknownStage.stderr).toBe("Error: no stage has the number 9.\n");
    const withoutKey = await runDonorReport(["--url", graphqlUrl, "--out", path.join(outDir, "never.html")]);
    expect(withoutKey.exitCode).toBe(1);
    expect(withoutKey.stderr).toMatch(/Query\.coverage needs a PARTNER, STAFF or ADMIN key/);
    await expect(readFile(path.join(outDir, "never.html"))).rejects.toThrow();
  });
});
