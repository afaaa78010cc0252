import type { IncomingMessage } from "node:http";

/**
 * The incoming message behind a request, which Node's server adapter passes in Yoga's server
 * context; undefined for a request made through `yoga.fetch` (the tests' way in), which has none.
 */
export function nodeRequestOf(serverContext: unknown): IncomingMessage | undefined {
  return (serverContext as { req?: IncomingMessage } | undefined)?.req;
}
