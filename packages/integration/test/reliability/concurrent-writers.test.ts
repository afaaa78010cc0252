import { ConflictError, createClient, MutationRefusedError, successOf, ValidationError, type P3pdClient } from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapKey, createApiKey, rowIdOf, type ServedCluster, startServedCluster } from "@p3pd/server/testing";

const clientCount = 50;
const peoplePerClient = 25;
const trainingCount = 10;
/** Each person: register, enroll, record attendance, record scores; then three deliberate writes. */
const writesPerClient = peoplePerClient * 4 + 3;
/** Per key and window; a client's writes (5 points each) stay well within it. */
const rateLimitPoints = 1_000;

let served: ServedCluster;
let trainingIds: string[];
let homes: string[];

beforeAll(async () => {
  served = await startServedCluster(2, { P3PD_RATE_LIMIT_POINTS: String(rateLimitPoints) });
  const admin = createClient({ url: served.graphqlUrl(0), apiKey: bootstrapKey });
  const kabupatens = await served.prisma.kabupaten.findMany({ where: { provinceCode: "73" }, orderBy: { code: "asc" }, take: trainingCount });
  trainingIds = [];
  for (const { code } of kabupatens) {
    const input = { level: "KECAMATAN_TRAINING" as const, regionCode: code, title: `Pelatihan ${code}`, startsOn: "2024-09-02", endsOn: "2024-09-04" };
    trainingIds.push(successOf((await admin.createTraining({ input })).createTraining).id);
  }
  homes = (await served.prisma.kecamatan.findMany({ where: { code: { startsWith: "73." } }, orderBy: { code: "asc" } })).map((k) => k.code);
});

afterAll(async () => {
  await served?.close();
});

/** A 16-digit NIK of its own for person number `n`. */
const nikOf = (n: number) => `7371${String(n).padStart(12, "0")}`;

/** The typed refusal a mutation answered, as `successOf` throws it; fails if the write succeeded. */
function refusalOf(result: Parameters<typeof successOf>[0]): MutationRefusedError {
  try {
    successOf(result);
  } catch (error) {
    if (error instanceof MutationRefusedError) return error;
    throw error;
  }
  throw new Error(`Expected a refusal, got ${result.__typename}`);
}

interface WrittenEnrollment {
  id: string;
  trainingId: string;
  personId: string;
  daysAttended: number;
  preTestScore: number | null;
  postTestScore: number | null;
}

/**
 * Two clients (an even one and the odd one after it, on different servers) enrol the same person
 * in the same training at the same moment: one must win, the other hear ConflictError.
 */
interface Race {
  trainingId: string;
  personId?: string;
  arrive(): Promise<void>;
}

function race(trainingId: string): Race {
  let arrived = 0;
  let release = () => {};
  const bothHere = new Promise<void>((resolve) => (release = resolve));
  return {
    trainingId,
    arrive() {
      if (++arrived === 2) release();
      return bothHere;
    },
  };
}

interface ClientResult {
  writes: number;
  enrollments: WrittenEnrollment[];
  refusals: MutationRefusedError[];
  /** The race's enrollment, when this client won it. */
  won?: WrittenEnrollment;
}

async function runClient(index: number, client: P3pdClient, races: Race[]): Promise<ClientResult> {
  const result: ClientResult = { writes: 0, enrollments: [], refusals: [] };
  const write = <T>(call: Promise<T>) => {
    result.writes++;
    return call;
  };
  for (let i = 0; i < peoplePerClient; i++) {
    const n = index * peoplePerClient + i;
    const person = successOf(
      (await write(client.registerPerson({ input: { fullName: `Peserta ${index}-${i}`, nik: nikOf(n), institution: "KECAMATAN", homeRegionCode: homes[n % homes.length] ?? "73" } })))
        .registerPerson,
    );
    const trainingId = trainingIds[(index + i) % trainingCount] ?? "";
    const enrollment = successOf((await write(client.enroll({ input: { trainingId, personId: person.id, role: "PARTICIPANT" } }))).enroll);
    const daysAttended = 1 + (n % 3);
    successOf((await write(client.recordAttendance({ enrollmentId: enrollment.id, daysAttended }))).recordAttendance);
    const scores = { preTestScore: n % 60, postTestScore: 40 + (n % 61) };
    successOf((await write(client.recordScores({ enrollmentId: enrollment.id, ...scores }))).recordScores);
    result.enrollments.push({ id: enrollment.id, trainingId, personId: person.id, daysAttended, ...scores });
  }
  const first = result.enrollments[0];
  if (!first) throw new Error("The client wrote nothing");
  const enrollAgain = await write(client.enroll({ input: { trainingId: first.trainingId, personId: first.personId, role: "PARTICIPANT" } }));
  result.refusals.push(refusalOf(enrollAgain.enroll));
  result.refusals.push(refusalOf((await write(client.recordScores({ enrollmentId: first.id, postTestScore: 101 }))).recordScores));

  const contest = races[Math.floor(index / 2)];
  if (!contest) throw new Error(`No race for client ${index}`);
  if (index % 2 === 0) contest.personId = first.personId;
  await contest.arrive();
  const raced = (await write(client.enroll({ input: { trainingId: contest.trainingId, personId: contest.personId ?? "", role: "PARTICIPANT" } }))).enroll;
  if (raced.__typename === "EnrollSuccess") {
    result.won = { id: raced.data.id, trainingId: contest.trainingId, personId: contest.personId ?? "", daysAttended: 0, preTestScore: null, postTestScore: null };
  } else {
    result.refusals.push(refusalOf(raced));
  }
  return result;
}

describe("two server processes on one PostgreSQL", () => {
  // A write costs some 14 ms of CPU across the servers, PostgreSQL and the clients: 5,150 of them
  // take over half a minute on two idle cores, longer on a busy machine, hence its own timeout.
  it(`take ${clientCount} concurrent clients' ${(clientCount * writesPerClient).toLocaleString("en-US")} writes: every row exactly once, nothing lost, every refusal typed`, async () => {
    const keys = await Promise.all(
      Array.from({ length: clientCount }, (_, index) => createApiKey(served.prisma, { role: "ADMIN", name: `writer ${index}` })),
    );
    const races = Array.from({ length: clientCount / 2 }, (_, pair) => race(trainingIds[(pair * 2 + 5) % trainingCount] ?? ""));
    // Even clients on the first process, odd ones on the second: every race crosses processes. Any
    // failure that is not a typed refusal (a ServerError, a NetworkError) rejects this at once.
    const results = await Promise.all(
      keys.map(({ key }, index) => runClient(index, createClient({ url: served.graphqlUrl(index % 2), apiKey: key }), races)),
    );

    const writes = results.reduce((sum, result) => sum + result.writes, 0);
    expect(writes).toBe(clientCount * writesPerClient);
    expect(writes).toBeGreaterThanOrEqual(5_000);

    // Every refusal is the typed one its write deserved: the repeated enrollment and the race's
    // loser a ConflictError, the score of 101 a ValidationError naming the field.
    for (const result of results) {
      const [again, score, lostRace] = result.refusals;
      expect(again).toBeInstanceOf(ConflictError);
      expect(score).toBeInstanceOf(ValidationError);
      expect(score).toMatchObject({ field: "postTestScore" });
      expect(result.refusals).toHaveLength(result.won ? 2 : 3);
      if (!result.won) expect(lostRace).toBeInstanceOf(ConflictError);
    }
    for (let pair = 0; pair < clientCount / 2; pair++) {
      expect([results[pair * 2]?.won, results[pair * 2 + 1]?.won].filter(Boolean)).toHaveLength(1);
    }

    // The database holds exactly what the clients were told they wrote: no duplicate, nothing lost.
    const written = results
      .flatMap((result) => [...result.enrollments, ...(result.won ? [result.won] : [])])
      .map((row) => ({ ...row, id: rowIdOf(row.id), trainingId: rowIdOf(row.trainingId), personId: rowIdOf(row.personId) }));
    const stored = await served.prisma.enrollment.findMany({
      select: { id: true, trainingId: true, personId: true, daysAttended: true, preTestScore: true, postTestScore: true },
    });
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(stored.sort(byId)).toEqual(written.sort(byId));
    expect(stored).toHaveLength(clientCount * peoplePerClient + clientCount / 2);
    expect(await served.prisma.person.count()).toBe(clientCount * peoplePerClient);

    // One audit record per write, under the key that made it, with the outcome the client saw.
    const audited = await served.prisma.auditRecord.groupBy({ by: ["apiKeyId", "outcome"], where: { apiKeyId: { not: null } }, _count: { _all: true } });
    expect(audited.reduce((sum, row) => sum + row._count._all, 0)).toBe(writes);
    const outcomes = (keyId: string) => Object.fromEntries(audited.filter((row) => row.apiKeyId === keyId).map((row) => [row.outcome, row._count._all]));
    keys.forEach(({ apiKey }, index) => {
      const won = results[index]?.won ? 1 : 0;
      expect(outcomes(apiKey.id)).toEqual({ OK: peoplePerClient * 4 + won, ConflictError: 2 - won, ValidationError: 1 });
    });
  }, 240_000);

  it("hold one key to its rate limit across both processes: accepted points never exceed it, then 429 with Retry-After", async () => {
    const { key } = await createApiKey(served.prisma, { role: "PARTNER", name: "rate-limited partner" });
    // 100 provinces' worth of nodes, each with 9 kabupaten: 1,000 nodes, 10 points.
    const query = "{ provinces(first: 100) { nodes { code kabupatens(first: 9) { nodes { code } } } } }";
    const ask = async (server: number): Promise<RateLimitedCall> => {
      const response = await fetch(served.graphqlUrl(server), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[]; extensions?: { rateLimit?: { cost: number } } };
      return {
        server,
        status: response.status,
        window: response.headers.get("x-ratelimit-reset"),
        retryAfter: response.headers.get("retry-after"),
        codes: (body.errors ?? []).map((error) => error.extensions?.code),
        cost: body.extensions?.rateLimit?.cost,
      };
    };
    const first = await ask(0);
    expect(first.status).toBe(200);
    const cost = first.cost ?? 0;
    expect(cost).toBe(10);
    // Three windows' worth: even if a window ends during the test, the next one must fill too.
    const calls = [first, ...(await inBatches(3 * Math.ceil(rateLimitPoints / cost), 16, (i) => ask((i + 1) % 2)))];

    const accepted = calls.filter((call) => call.status === 200);
    const refused = calls.filter((call) => call.status !== 200);
    expect(accepted.every((call) => call.codes.length === 0 && call.cost === cost)).toBe(true);
    for (const call of refused) {
      expect(call.status).toBe(429);
      expect(call.codes).toEqual(["RATE_LIMITED"]);
      expect(Number(call.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    for (const server of [0, 1]) {
      expect(accepted.some((call) => call.server === server)).toBe(true);
      expect(refused.some((call) => call.server === server)).toBe(true);
    }
    // Per window, the points accepted by both processes together stay within the limit; within
    // a window the charge is one atomic upsert, so it fills exactly.
    const windows = new Set(calls.map((call) => call.window));
    for (const window of windows) {
      const acceptedPoints = accepted.filter((call) => call.window === window).length * cost;
      expect(acceptedPoints).toBeLessThanOrEqual(rateLimitPoints);
    }
    if (windows.size === 1) expect(accepted).toHaveLength(Math.floor(rateLimitPoints / cost));
  });
});

interface RateLimitedCall {
  server: number;
  status: number;
  /** X-RateLimit-Reset: which window charged the call. */
  window: string | null;
  retryAfter: string | null;
  codes: (string | undefined)[];
  cost: number | undefined;
}

/** `count` calls of `call(i)`, at most `concurrency` at a time, in order of i. */
async function inBatches<T>(count: number, concurrency: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - start) }, (_, j) => call(start + j)))));
  }
  return results;
}
