/**
 * A whole-response GraphQL error, for the steps that answer before GraphQL runs (authentication,
 * a database outage met there): the same `{ errors: [{ message, extensions: { code } }] }` body
 * clients read from any GraphQL error.
 */
export function errorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
