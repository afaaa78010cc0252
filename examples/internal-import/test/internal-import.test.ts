import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, PeopleDocument, type P3pdClient } from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../../packages/server/src/http/start-server.js";
import { silentProgress } from "../../../packages/server/src/progress.js";
import { testAdminKey } from "../../../packages/server/test/support/graphql-api.js";
import { sharedDatabase, unlimitedRates } from "../../../packages/server/test/support/shared-database.js";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const mainScript = path.join("examples", "internal-import", "src", "main.ts");
/** The sample attendance sheet the example ships (its people are all named "Contoh …"). */
const sampleSheet = path.join(repoRoot, "examples", "internal-import", "sample", "hadir.csv");

// Everything this file writes carries `marker` in a training title or a person's name, and is
// deleted by it afterwards, so the other suites sharing the database see it unchanged.
const marker = `Impor ${randomBytes(4).toString("hex")}`;
const rowCount = 1_200;
const batchSize = 500;

let server: RunningServer;
let graphqlUrl: string;
let client: P3pdClient;
let folder: string;
let csvPath: string;
/** The training the full runs import into: the "clean import" the interrupted one must equal. */
let cleanTrainingId: string;
/** The people of the sample sheet, once the test has read it: removed afterwards like the marked ones. */
let sampleNames: string[] = [];

interface Run {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the script as an operator would, in its own Node process, with the admin key from the environment. */
function spawnImport(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", mainScript, ...args], {
    cwd: repoRoot,
    env: { ...process.env, P3PD_URL: undefined, P3PD_ADMIN_KEY: testAdminKey },
  });
}

function finished(child: ChildProcess): Promise<Run> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

const runImport = (file: string, trainingId: string, url = graphqlUrl) =>
  finished(spawnImport([file, "--training", trainingId, "--url", url, "--batch", String(batchSize)]));

async function createTraining(title: string): Promise<string> {
  const { createTraining: result } = await client.createTraining({
    input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: `${marker} ${title}`, startsOn: "2024-10-01", endsOn: "2024-10-03" },
  });
  if (result.__typename !== "CreateTrainingSuccess") throw new Error(`could not create a training: ${result.__typename}`);
  return result.data.id;
}

interface Enrolled {
  personId: string;
  role: string;
  daysAttended: number;
  preTestScore: number | null;
  postTestScore: number | null;
}

/** Every enrollment of the training, as the API lists them, page by page. */
async function enrollmentsOf(trainingId: string): Promise<Enrolled[]> {
  const all: Enrolled[] = [];
  let after: string | null = null;
  for (;;) {
    const { node } = await client.training({ id: trainingId, first: 100, after });
    if (node?.__typename !== "Training") throw new Error(`${trainingId} is not a training`);
    const { nodes, pageInfo } = node.enrollments;
    all.push(...nodes.map(({ person, role, daysAttended, preTestScore, postTestScore }) => ({ personId: person.id, role, daysAttended, preTestScore, postTestScore })));
    if (!pageInfo.hasNextPage) return all.sort((a, b) => a.personId.localeCompare(b.personId));
    after = pageInfo.endCursor;
  }
}

/**
 * An attendance sheet as Indonesian Excel exports it: a BOM, ";" between cells, Indonesian headers.
 * Even rows carry a NIK, odd ones none (the API matches those by name and home region).
 */
function attendanceSheet(rows: number, homes: string[]): string {
  const nikPrefix = String(Number.parseInt(randomBytes(4).toString("hex"), 16)).padStart(10, "0").slice(0, 10);
  const lines = ["Nama Lengkap;NIK;Jenis Kelamin;Instansi;Jabatan;Kode Wilayah;Hari Hadir;Nilai Pre-Test;Nilai Post-Test"];
  for (let i = 0; i < rows; i++) {
    const nik = i % 2 === 0 ? `${nikPrefix}${String(i).padStart(6, "0")}` : "";
    const institution = i % 3 === 0 ? "Fasilitator Kecamatan" : "Kecamatan";
    lines.push(`${marker} Peserta ${i};${nik};${i % 2 === 0 ? "L" : "P"};${institution};Staf;${homes[i % homes.length]};${1 + (i % 3)};${40 + (i % 30)};${60 + (i % 40)}`);
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const exists = (file: string) => access(file).then(() => true, () => false);

beforeAll(async () => {
  server = await startServer({ database: sharedDatabase(), port: 0, progress: silentProgress, adminKey: testAdminKey, http: unlimitedRates });
  graphqlUrl = `${server.url}/graphql`;
  client = createClient({ url: graphqlUrl, apiKey: testAdminKey });
  folder = await mkdtemp(path.join(tmpdir(), "p3pd-internal-import-"));
  const { kabupaten } = await client.kabupaten({ code: "73.71", first: 100 });
  const homes = (kabupaten?.kecamatans.nodes ?? []).map((kecamatan) => kecamatan.code);
  csvPath = path.join(folder, "hadir.csv");
  await writeFile(csvPath, attendanceSheet(rowCount, homes));
  cleanTrainingId = await createTraining("clean");
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  if (!server) return;
  await server.prisma.training.deleteMany({ where: { title: { contains: marker } } });
  await server.prisma.enrollment.deleteMany({ where: { person: { fullName: { contains: marker } } } });
  await server.prisma.person.deleteMany({ where: { fullName: { contains: marker } } });
  if (sampleNames.length > 0) {
    await server.prisma.enrollment.deleteMany({ where: { person: { fullName: { in: sampleNames } } } });
    await server.prisma.person.deleteMany({ where: { fullName: { in: sampleNames } } });
  }
  await server.close();
});

describe("the internal-import example", () => {
  it("imports the sample sheet it ships (sample/hadir.csv): six participants enrolled with their days and scores", async () => {
    const lines = (await readFile(sampleSheet, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    sampleNames = lines.slice(1).map((line) => line.split(";")[0] ?? "");
    // A copy, because the script writes its progress file next to the sheet.
    const copy = path.join(folder, "sample-hadir.csv");
    await writeFile(copy, await readFile(sampleSheet));
    const trainingId = await createTraining("sample");
    const run = await runImport(copy, trainingId);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Imported 6 rows.");
    expect(run.stdout).toContain("6 new people, 0 already known; 6 enrolled, 0 updated, 0 unchanged");
    const enrolled = await enrollmentsOf(trainingId);
    expect(enrolled.map((e) => e.daysAttended).sort()).toEqual([1, 2, 3, 3, 3, 3]);
    expect(enrolled.map((e) => e.postTestScore).filter((score) => score === null)).toHaveLength(1);
  });

  it("enrols every row of a 1,200-row sheet in batches, showing progress, and removes its progress file", async () => {
    const run = await runImport(csvPath, cleanTrainingId);
    expect(run.stderr).toContain(`${rowCount.toLocaleString("en-US")}/${rowCount.toLocaleString("en-US")} rows`);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Imported ${rowCount} rows.`);
    expect(run.stdout).toContain(`${rowCount} new people, 0 already known; ${rowCount} enrolled, 0 updated, 0 unchanged`);
    expect(await exists(`${csvPath}.progress.json`)).toBe(false);

    const enrolled = await enrollmentsOf(cleanTrainingId);
    expect(enrolled).toHaveLength(rowCount);
    expect(new Set(enrolled.map((e) => e.personId)).size).toBe(rowCount);
    expect(enrolled.every((e) => e.role === "PARTICIPANT")).toBe(true);
    const people = await client.paginate(PeopleDocument, { search: `${marker} Peserta` }).collect();
    expect(people).toHaveLength(rowCount);
  });

  it("changes nothing when the same sheet is imported again", async () => {
    const before = await enrollmentsOf(cleanTrainingId);
    const run = await runImport(csvPath, cleanTrainingId);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`0 new people, ${rowCount} already known; 0 enrolled, 0 updated, ${rowCount} unchanged`);
    expect(await enrollmentsOf(cleanTrainingId)).toEqual(before);
  });

  it("resumes a run killed after the API applied a batch whose answer never came, ending as a clean import", async () => {
    const trainingId = await createTraining("interrupted");
    // The second batch reaches the API, which applies it, but its answer is held back: the script
    // is killed waiting for it, as if it crashed right after the API committed.
    const proxy = await startLossyProxy(graphqlUrl, (importNumber) => (importNumber === 1 ? "pass" : "hold"));
    try {
      const child = spawnImport([csvPath, "--training", trainingId, "--url", proxy.url, "--batch", String(batchSize)]);
      const exited = finished(child);
      await proxy.held;
      child.kill("SIGKILL");
      expect((await exited).exitCode).toBeNull();
    } finally {
      await proxy.close();
    }
    const progress: unknown = JSON.parse(await readFile(`${csvPath}.progress.json`, "utf8"));
    expect(progress).toMatchObject({ trainingId, rowsConfirmed: batchSize });
    expect(await enrollmentsOf(trainingId)).toHaveLength(2 * batchSize);

    const resumed = await runImport(csvPath, trainingId);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toContain(`Resuming: the first ${batchSize} rows were imported by an earlier run.`);
    // The batch applied before the kill is sent again and changes nothing; the last one is new.
    expect(resumed.stdout).toContain(
      `This run: ${rowCount - batchSize} rows sent, 0 new people, ${rowCount - batchSize} already known; ` +
        `${rowCount - 2 * batchSize} enrolled, 0 updated, ${batchSize} unchanged.`,
    );
    expect(await exists(`${csvPath}.progress.json`)).toBe(false);

    const interrupted = await enrollmentsOf(trainingId);
    expect(interrupted).toHaveLength(rowCount);
    expect(interrupted).toEqual(await enrollmentsOf(cleanTrainingId));
    expect(await client.paginate(PeopleDocument, { search: `${marker} Peserta` }).collect()).toHaveLength(rowCount);
  });

  it("sends a batch again when its answer was lost to a 503, as the import is marked idempotent", async () => {
    const trainingId = await createTraining("retried");
    const proxy = await startLossyProxy(graphqlUrl, (importNumber) => (importNumber === 1 ? "unavailable" : "pass"));
    const run = await runImport(csvPath, trainingId, proxy.url).finally(() => proxy.close());
    expect(run.exitCode).toBe(0);
    // The first batch was applied before its 503; the SDK's retry finds it all in place.
    expect(run.stdout).toContain(`${rowCount - batchSize} enrolled, 0 updated, ${batchSize} unchanged.`);
    expect(await enrollmentsOf(trainingId)).toEqual(await enrollmentsOf(cleanTrainingId));
  });

  it("reports a row the API refuses with its line in the file, exits with 1 and writes nothing of its batch", async () => {
    const file = path.join(folder, "salah.csv");
    const rows = [
      "name,institution,home_region_code,NIK",
      `${marker} Benar 1,Kecamatan,73.71.01,`,
      `${marker} Benar 2,Kecamatan,73.71.01,`,
      `${marker} Salah,Kecamatan,73.71.01,12345`,
    ];
    await writeFile(file, `${rows.join("\n")}\n`);
    const run = await runImport(file, cleanTrainingId);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^line 4 \(nik\): .*16 digits/m);
    expect((await client.people({ search: `${marker} Benar` })).people.totalCount).toBe(0);
  });

  it("reports a line the API could not read with its line number before sending anything", async () => {
    const file = path.join(folder, "instansi.csv");
    await writeFile(file, `Nama;Instansi;Kode\n${marker} Dinas;Dinas Entah;73.71.01\n\n${marker} Baik;Desa;73.71.01\n`);
    const run = await runImport(file, cleanTrainingId);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('line 2 (institution): Unknown institution "Dinas Entah"');
    expect(run.stderr).toContain("Nothing was sent");
    expect((await client.people({ search: `${marker} Baik` })).people.totalCount).toBe(0);
  });
});

/** What the proxy does with the API's answer to one import: pass it on, keep it, or swap it for a 503. */
type AnswerPolicy = "pass" | "hold" | "unavailable";

interface LossyProxy {
  url: string;
  /** Resolves once the proxy has kept an answer to itself. */
  held: Promise<void>;
  close(): Promise<void>;
}

/**
 * An HTTP proxy to `target` that passes every request on, and every answer back except those to
 * imports that `policyFor(import number, from 1)` says to keep or to replace by a 503: either way
 * the API has applied the import, but the script does not learn it.
 */
async function startLossyProxy(target: string, policyFor: (importNumber: number) => AnswerPolicy): Promise<LossyProxy> {
  let imports = 0;
  let markHeld = () => {};
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  const proxy = createServer((request, response) => {
    void (async () => {
      const body = await bodyOf(request);
      const policy = body.includes("ImportParticipants") ? policyFor(++imports) : "pass";
      const answer = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: request.headers.authorization ?? "" },
        body,
      });
      const text = await answer.text();
      if (policy === "hold") return markHeld();
      if (policy === "unavailable") {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      response.end(text);
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`,
    held,
    close: () =>
      new Promise((resolve, reject) => {
        proxy.closeAllConnections();
        proxy.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
