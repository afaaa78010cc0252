/**
 * Sends the abuse test's attacks (test/support/abuse-attacks.ts) at a GraphQL endpoint from this
 * process until its stdin closes. It prints "attacking" as it starts and, at the end, one line of
 * JSON: how many were sent, and those not answered as expected. `measure-abuse.ts` runs it as a
 * child, so that the attackers' work does not delay the event loop of the client it times.
 *
 *   npx tsx packages/server/scripts/abuse-attackers.ts <graphql url> <attackers>
 */
import { attackUntil, misanswered } from "../test/support/abuse-attacks.js";

const [graphqlUrl, attackerCount = "8"] = process.argv.slice(2);
if (!graphqlUrl) throw new Error("Usage: abuse-attackers.ts <graphql url> <attackers>");

process.stdin.resume();
const stdinClosed = new Promise<void>((resolve) => process.stdin.once("end", resolve));
const attacking = attackUntil(graphqlUrl, Number(attackerCount), stdinClosed);
process.stdout.write("attacking\n");
const answers = await attacking;
process.stdout.write(`${JSON.stringify({ sent: answers.length, misanswered: misanswered(answers) })}\n`);
