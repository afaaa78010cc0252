/**
 * Names under which a pool prepares its statements on PostgreSQL, so the server parses and plans
 * each distinct SQL text once per connection rather than on every execution (about a tenth more
 * statements per second for the region pages). One name per text, never reused for another text
 * (`pg` refuses that), and at most `limit` of them: texts are built from fixed fragments, but an
 * `IN` list of a new length is a new text, and past the limit a text runs unprepared (the empty
 * name, which `pg` sends as an unnamed statement).
 *
 * Not on PGlite: its socket server runs every connection in one session, where a second pool
 * preparing the same name would collide with the first.
 */
export type StatementNamer = (text: string) => string;

export function createStatementNamer(limit = 2000): StatementNamer {
  const names = new Map<string, string>();
  return (text) => {
    const known = names.get(text);
    if (known !== undefined) return known;
    if (names.size >= limit) return "";
    const name = `p3pd_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
}
