import Negotiator from "negotiator";

/**
 * What a whole-response error may be written as. JSON first: a client that accepts anything
 * (`*\/*`, or no Accept header) gets `application/json`, as Yoga answers it for GraphQL.
 */
const errorMediaTypes = ["application/json", "application/graphql-response+json", "text/plain"];

/**
 * A whole-response GraphQL error, for the steps that answer before GraphQL runs (authentication,
 * a failure met outside execution): the same `{ errors: [{ message, extensions: { code } }] }`
 * body clients read from any GraphQL error, in the media type the request accepts (JSON, the
 * GraphQL response type, or plain text for a client that takes only that, such as a CSV download).
 */
export function errorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}, accept: string | null = null): Response {
  const mediaType = new Negotiator({ headers: { accept: accept ?? "*/*" } }).mediaType(errorMediaTypes) ?? "application/json";
  const body = mediaType === "text/plain" ? `${code}: ${message}\n` : JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return new Response(body, { status, headers: { "content-type": `${mediaType}; charset=utf-8`, ...headers } });
}
