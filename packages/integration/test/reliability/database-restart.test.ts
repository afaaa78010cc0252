import { createClient, graphQLErrorsOf, ServerError, successOf, type P3pdClient } from "@p3pd/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapKey, createApiKey, type ServedCluster, sessionsWaitingOnLocks, startServedCluster, waitFor } from "@p3pd/server/testing";

let served: ServedCluster;
let graphqlUrl: string;
let partnerKey: string;
let enrollmentId: string;

beforeAll(async () => {
  // Under 100 points a window there is no lease, so every anonymous request charges the store
  // and the charge can be held inside the database below.
  served = await startServedCluster(1, { P3PD_RATE_LIMIT_ANONYMOUS_POINTS: "99" });
  graphqlUrl = served.graphqlUrl(0);
  partnerKey = (await createApiKey(served.prisma, { role: "PARTNER", name: "partner during a restart" })).key;
  const admin = createClient({ url: graphqlUrl, apiKey: bootstrapKey });
  const training = successOf(
    (await admin.createTraining({ input: { level: "KECAMATAN_TRAINING", regionCode: "73.71", title: "Pelatihan", startsOn: "2024-10-01", endsOn: "2024-10-03" } }))
      .createTraining,
  );
  const person = successOf((await admin.registerPerson({ input: { fullName: "Peserta", institution: "KECAMATAN", homeRegionCode: "73.71.01" } })).registerPerson);
  enrollmentId = successOf((await admin.enroll({ input: { trainingId: training.id, personId: person.id, role: "PARTICIPANT" } })).enroll).id;
});

afterAll(async () => {
  await served?.close();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A GraphQL request as any HTTP client sends it; `apiKey` null sends none. */
async function post(query: string, apiKey: string | null, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Answer["body"] };
}

const health = async () => (await fetch(`${served.servers[0]?.url}/health`)).status;

/** One request for each step that touches the database: key lookup, rate-limit charge, a query, a write. */
const requests = {
  "key lookup (PARTNER key)": () => post("{ stages { number } }", partnerKey),
  "rate-limit charge (anonymous)": () => post("{ stages { number } }", null),
  "query execution (ADMIN key)": () => post('{ province(code: "73") { name } }', bootstrapKey),
  "mutation execution (ADMIN key)": () =>
    post("mutation ($id: ID!) { recordScores(enrollmentId: $id, postTestScore: 88) { __typename } }", bootstrapKey, { id: enrollmentId }),
};

const expectDatabaseUnavailable = (answer: Answer) => {
  expect(answer.status).toBe(503);
  expect(answer.retryAfter).toBe("5");
  expect(answer.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^The database is unavailable/), extensions: { code: "DATABASE_UNAVAILABLE" } })]);
  expect(JSON.stringify(answer.body)).not.toMatch(/prisma|\bat \/|ECONNREFUSED|57P01/i);
};

/** Counts the HTTP answers an SDK client receives, by status. */
function countingFetch(): { fetch: typeof fetch; statuses: number[] } {
  const statuses: number[] = [];
  return {
    statuses,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    },
  };
}

// One outage, in order: PostgreSQL stops under the first test and starts again in the last.
describe("PostgreSQL restarted while a server is serving", () => {
  it("fails the requests in flight, at whatever step they were, with DATABASE_UNAVAILABLE: HTTP 503 and Retry-After", async () => {
    // The anonymous caller's rate-limit row, so that it can be held below.
    expect((await requests["rate-limit charge (anonymous)"]()).status).toBe(200);
    const locker = new pg.Client({ connectionString: served.cluster.url });
    locker.on("error", () => {}); // the stop below ends this session too
    await locker.connect();
    let inFlight: Promise<[step: string, answer: Answer | Error]>[] = [];
    try {
      // Each request waits on one of these, so that all four are inside the database when it stops.
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE api_key IN ACCESS EXCLUSIVE MODE");
      await locker.query("SELECT 1 FROM rate_limit_window WHERE subject LIKE 'address:%' FOR UPDATE");
      await locker.query("LOCK TABLE province, enrollment IN ACCESS EXCLUSIVE MODE");
      inFlight = Object.entries(requests).map(async ([step, send]): Promise<[string, Answer | Error]> => [step, await send().catch((error: Error) => error)]);
      await waitFor("the four requests to wait inside the database", async () => (await sessionsWaitingOnLocks(served.prisma)) === inFlight.length);
      // Immediate: in a fast shutdown the session holding the locks may end before a waiting one
      // is told to, and that request then finishes normally, which is right but proves nothing.
      await served.cluster.stop("immediate");
    } finally {
      await locker.end().catch(() => {});
    }
    for (const [step, answer] of await Promise.all(inFlight)) {
      if (answer instanceof Error) throw answer;
      expect({ step, status: answer.status }).toEqual({ step, status: 503 });
      expectDatabaseUnavailable(answer);
    }
  });

  it("while it is down: answers every request at once with the same error, and /health with 503", async () => {
    for (const send of Object.values(requests)) expectDatabaseUnavailable(await send());
    expect(await health()).toBe(503);

    // The SDK sees a ServerError with status 503 and the code; it retries the query, not the write.
    const reads = countingFetch();
    const reader = createClient({ url: graphqlUrl, apiKey: partnerKey, fetch: reads.fetch, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    const readError = await reader.province({ code: "73" }).catch((error: unknown) => error);
    expect(readError).toBeInstanceOf(ServerError);
    expect((readError as ServerError).status).toBe(503);
    expect(graphQLErrorsOf(readError).map((error) => error.code)).toEqual(["DATABASE_UNAVAILABLE"]);
    expect(reads.statuses).toEqual([503, 503, 503]);

    const writes = countingFetch();
    const writer = createClient({ url: graphqlUrl, apiKey: bootstrapKey, fetch: writes.fetch, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    const writeError = await writer.recordScores({ enrollmentId, postTestScore: 90 }).catch((error: unknown) => error);
    expect(writeError).toBeInstanceOf(ServerError);
    expect(writes.statuses).toEqual([503]);
  });

  it("once it is back: recovers without a restart — /health 200, every kind of request answered, a retrying SDK query completes", async () => {
    const reads = countingFetch();
    const patient: P3pdClient = createClient({ url: graphqlUrl, apiKey: partnerKey, fetch: reads.fetch, retry: { attempts: 1_000, baseDelayMs: 50, maxDelayMs: 200 } });
    const answered = patient.province({ code: "73" });
    await waitFor("the SDK's first attempt to be refused", async () => reads.statuses.includes(503));
    await served.cluster.start();

    expect((await answered).province?.name).toBe("Sulawesi Selatan");
    await waitFor("/health to report the recovery", async () => (await health()) === 200);
    // More requests at once than the server's pool has connections: none may meet a stale one.
    const answers = await Promise.all(Array.from({ length: 6 }, () => Object.values(requests).map((send) => send())).flat());
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    expect(served.servers).toHaveLength(1);
    expect(served.servers[0]?.child.exitCode).toBeNull();
  });
});
