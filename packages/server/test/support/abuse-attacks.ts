import { randomBytes } from "node:crypto";

/**
 * Abusive requests and the answer each must get (see docs/api.md, "Limits"), for the abuse test and
 * `scripts/measure-abuse.ts`. Bodies are built once: the attack costs the attacker nothing but
 * sending them, as a real one would.
 */
export interface Attack {
  name: string;
  /** The HTTP status and `errors[0].extensions.code` the server must answer with. */
  status: number;
  code: string;
  /** A fresh request (headers may vary per call, e.g. a new invalid key). */
  request(): RequestInit;
}

/** Clients following the GraphQL-over-HTTP spec ask for this; refusals before execution are then 400s. */
const graphqlResponse = { accept: "application/graphql-response+json", "content-type": "application/json" };

const post = (body: string, headers: Record<string, string> = graphqlResponse): RequestInit => ({ method: "POST", headers, body });
const query = (text: string) => JSON.stringify({ query: text });

const depthBomb = query(`{ region(code: "73") { ${"parent { ".repeat(200)}code${" }".repeat(200)} } }`);
const aliasBomb = query(`{ ${Array.from({ length: 150 }, (_, i) => `a${i}: regions(first: 100) { nodes { code } }`).join(" ")} }`);
const nodeBomb = query("{ provinces(first: 100) { nodes { kabupatens(first: 100) { nodes { kecamatans(first: 100) { nodes { villages(first: 100) { nodes { code } } } } } } } } }");
const fragmentCycle = query("query { ...A } fragment A on Query { stages { number } ...B } fragment B on Query { ...A }");
const tokenBomb = query(`{ ${"__typename ".repeat(80_000)}}`);
const fiveMegabytes = query(`{ ${"__typename ".repeat(500_000)}}`);
const normalBody = query("{ stages { number } }");

const unknownKey = () => `p3pd_${randomBytes(4).toString("hex")}_${randomBytes(16).toString("hex")}`;

export const attacks: readonly Attack[] = [
  { name: "depth bomb (200 levels)", status: 400, code: "QUERY_TOO_COMPLEX", request: () => post(depthBomb) },
  { name: "alias bomb (150 aliased connections)", status: 400, code: "QUERY_TOO_COMPLEX", request: () => post(aliasBomb) },
  { name: "node bomb (100⁴ villages)", status: 400, code: "QUERY_TOO_COMPLEX", request: () => post(nodeBomb) },
  { name: "fragment cycle", status: 400, code: "GRAPHQL_VALIDATION_FAILED", request: () => post(fragmentCycle) },
  { name: "token bomb (80,000 tokens in 0.9 MB)", status: 400, code: "QUERY_TOO_COMPLEX", request: () => post(tokenBomb) },
  { name: "5 MB query", status: 413, code: "REQUEST_ENTITY_TOO_LARGE", request: () => post(fiveMegabytes) },
  { name: "invalid JSON", status: 400, code: "BAD_REQUEST", request: () => post('{"query": "{ stages { number } }"') },
  { name: "batch of operations", status: 400, code: "BAD_REQUEST", request: () => post(`[${normalBody},${normalBody}]`) },
  { name: "text/plain body", status: 415, code: "BAD_REQUEST", request: () => post(normalBody, { "content-type": "text/plain" }) },
  { name: "XML body", status: 415, code: "BAD_REQUEST", request: () => post("<query>{ stages { number } }</query>", { "content-type": "application/xml" }) },
  {
    name: "unknown API key",
    status: 401,
    code: "UNAUTHENTICATED",
    request: () => post(normalBody, { ...graphqlResponse, authorization: `Bearer ${unknownKey()}` }),
  },
  { name: "malformed API key", status: 401, code: "UNAUTHENTICATED", request: () => post(normalBody, { ...graphqlResponse, authorization: "Bearer x" }) },
];

export interface AttackAnswer {
  attack: string;
  status: number;
  code: string | undefined;
}

/** Sends one attack and reads what came back. */
async function sendAttack(graphqlUrl: string, attack: Attack): Promise<AttackAnswer> {
  const response = await fetch(graphqlUrl, attack.request());
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { attack: attack.name, status: response.status, code: body.errors?.[0]?.extensions?.code };
}

/**
 * `attackers` loops, each sending every attack in turn, until `stop` resolves and each has sent
 * the whole list at least once; resolves to every answer.
 */
export async function attackUntil(graphqlUrl: string, attackers: number, stop: Promise<unknown>): Promise<AttackAnswer[]> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const answers: AttackAnswer[] = [];
  const attacker = async (offset: number) => {
    for (let sent = 0; !stopped || sent < attacks.length; sent++) {
      const attack = attacks[(offset + sent) % attacks.length];
      if (attack) answers.push(await sendAttack(graphqlUrl, attack));
    }
  };
  await Promise.all(Array.from({ length: attackers }, (_, i) => attacker(i)));
  return answers;
}

/** The answers that are not the status and code their attack must get. */
export function misanswered(answers: readonly AttackAnswer[]): AttackAnswer[] {
  const expected = new Map(attacks.map((attack) => [attack.name, attack]));
  return answers.filter((answer) => answer.status !== expected.get(answer.attack)?.status || answer.code !== expected.get(answer.attack)?.code);
}
