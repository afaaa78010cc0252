/**
 * Names under which a pool prepares its statements on PostgreSQL, so the server parses and plans
 * each distinct SQL text once per connection rather than on every execution (about a tenth more
 * statements per second for the region pages). One name per text, never reused for another text
 * (`pg` refuses that), and at most `limit` of them: texts are built from fixed fragments, but an
 * `IN` list of a new length is a new text, and past the limit a text runs unprepared. The empty
 * name is what `pg` sends as an unnamed statement.
 *
 * Only once the server has said it is PostgreSQL itself. PGlite, embedded or served over its
 * socket to other processes (as the tests serve it), runs every connection in one session, where
 * two connections preparing the same name collide. Until the answer comes, statements run
 * unprepared; a failed question is asked again by a later statement.
 */
export type StatementNamer = (text: string) => string;

export function createStatementNamer(serverVersion: () => Promise<string>, limit = 2000): StatementNamer {
  let server: "unknown" | "asking" | "postgresql" | "other" = "unknown";
  const names = new Map<string, string>();
  const ask = () => {
    server = "asking";
    serverVersion().then(
      (version) => (server = version.startsWith("PostgreSQL") && !version.includes("PGlite") ? "postgresql" : "other"),
      () => (server = "unknown"),
    );
  };
  return (text) => {
    if (server === "unknown") ask();
    if (server !== "postgresql") return "";
    const known = names.get(text);
    if (known !== undefined) return known;
    if (names.size >= limit) return "";
    const name = `p3pd_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
}
