import { createHash } from "node:crypto";
import { defaultExtractPersistedOperationId } from "@graphql-yoga/plugin-persisted-operations";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { LRUCache } from "lru-cache";
import type { ArbitraryOperationsPolicy } from "./arbitrary-operations-policy.js";

/**
 * Room for the texts registered in one process: 8 MB of text, of a thousand operations or more
 * (the longest curated operation is 1.3 kB), the least recently used forgotten first.
 */
const registeredTextBytes = 8_000_000;

/**
 * The operation texts that automatic persisted queries (APQ, as Apollo's persisted-query link
 * speaks it) registered in this process, by the sha256 hash of each. Per process and safe to lose:
 * a process that does not know a hash answers PERSISTED_QUERY_NOT_FOUND, and the client sends
 * the text with the hash again, which registers it there.
 */
export class RegisteredOperations {
  readonly #texts = new LRUCache<string, string>({ maxSize: registeredTextBytes, sizeCalculation: (text) => Math.max(1, text.length) });

  get(sha256Hash: string): string | undefined {
    return this.#texts.get(sha256Hash);
  }

  set(sha256Hash: string, text: string): void {
    this.#texts.set(sha256Hash, text);
  }
}

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Registers a document sent as its text together with a hash (`extensions.persistedQuery`), the
 * second request of APQ's protocol, so the caller's next requests can send the hash alone.
 * Only a caller that may send text registers: the text of any other is refused by the
 * persisted-operations plugin after this one, and so is never stored. A hash that is not the
 * text's sha256 is refused, so no text is ever found under another's hash.
 */
export function useOperationRegistration(registered: RegisteredOperations, mayRegister: ArbitraryOperationsPolicy): Plugin {
  return {
    async onParams({ params, request, context }) {
      const sha256Hash = defaultExtractPersistedOperationId(params, request, context);
      if (sha256Hash === null || typeof params.query !== "string") return;
      if (!(await mayRegister(request))) return;
      if (sha256Hex(params.query) !== sha256Hash) {
        throw createGraphQLError(`The hash ${JSON.stringify(sha256Hash)} in "extensions.persistedQuery" is not the sha256 of the text in "query".`, {
          extensions: { code: "PERSISTED_QUERY_HASH_MISMATCH", http: { spec: true, status: 400 } },
        });
      }
      registered.set(sha256Hash, params.query);
    },
  };
}
