import { createClient, type P3pdClient } from "@p3pd/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attacks, attackUntil, createApiKey, misanswered, type ServedCluster, startServedCluster } from "@p3pd/server/testing";

const attackers = 6;
const normalQueriesUnderAttack = 20;

let served: ServedCluster;
let partner: P3pdClient;

beforeAll(async () => {
  // Attacks come from the loopback address like the partner's queries: the anonymous limit is
  // lifted so that what answers them is each request's own check, not the rate limiter.
  served = await startServedCluster(1, { P3PD_RATE_LIMIT_ANONYMOUS_POINTS: "1000000000" });
  const { key } = await createApiKey(served.prisma, { role: "PARTNER", name: "partner under attack" });
  // No retries: a failed normal query must show, not be papered over.
  partner = createClient({ url: served.graphqlUrl(0), apiKey: key, retry: false });
});

afterAll(async () => {
  await served?.close();
});

const normalQuery = () => partner.kecamatan({ code: "73.71.01", first: 3 });

describe("abuse while serving", () => {
  it(`answers ${attackers} attackers' bombs, oversized and malformed bodies and key floods with their clear errors, while a normal query keeps answering correctly`, async () => {
    const reference = await normalQuery();
    expect(reference.kecamatan?.name).toBe("Mariso");

    let enough = () => {};
    const attack = attackUntil(served.graphqlUrl(0), attackers, new Promise<void>((resolve) => (enough = resolve)));
    const underAttack: Awaited<ReturnType<typeof normalQuery>>[] = [];
    for (let i = 0; i < normalQueriesUnderAttack; i++) underAttack.push(await normalQuery());
    enough();
    const answers = await attack;

    for (const answer of underAttack) expect(answer).toEqual(reference);
    expect(misanswered(answers)).toEqual([]);
    // Every kind of attack was sent by every attacker at least once.
    expect(answers.length).toBeGreaterThanOrEqual(attackers * attacks.length);
    expect(new Set(answers.map((answer) => answer.attack))).toEqual(new Set(attacks.map((attack) => attack.name)));
  });
});
