import { expect } from "vitest";

/** The rejection of `promise`, failing the test if it resolves instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected a rejection, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

/** The rejection of `promise` as an instance of `type`, failing the test otherwise. */
export async function rejectionAs<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const error = await rejectionOf(promise);
  if (!(error instanceof type)) return expect.fail(`expected a ${type.name}, got ${String(error)}`);
  return error;
}
