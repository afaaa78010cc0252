import { AsyncLocalStorage } from "node:async_hooks";

/** What the HTTP edge learns about one request while it runs, for its log line and its metrics. */
export interface RequestRecord {
  /** The X-Request-Id it is answered and logged under. */
  readonly id: string;
  /** The GraphQL operation it ran, once execution begins ("anonymous" for an unnamed one). */
  operation?: string;
  /** The code of the first error in its GraphQL answer, or "ok"; unset for answers without one. */
  outcome?: string;
}

const storage = new AsyncLocalStorage<RequestRecord>();

/**
 * Runs one request's handling with its record as the current one, so that every log line written
 * while it runs (by any module, Yoga's own included) carries its id without being handed it.
 */
export function runWithRequestRecord<T>(record: RequestRecord, work: () => T): T {
  return storage.run(record, work);
}

/** The record of the request being handled, if any. */
export function currentRequestRecord(): RequestRecord | undefined {
  return storage.getStore();
}
