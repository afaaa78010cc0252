import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `check` until it returns something other than undefined or false, and resolves to that;
 * rejects naming `what` once `timeoutMs` has passed. Tests wait on conditions this way, never on
 * fixed delays, so a slow machine makes them slower but not wrong.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
