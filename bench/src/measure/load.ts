import type { Operation } from "../scenarios/scenario.js";

export interface LoadResult {
  /** Each operation's time, in completion order. */
  latenciesMs: number[];
  /** From the first operation's start to the last one's end. */
  elapsedMs: number;
}

/**
 * A closed loop: `concurrency` workers, each sending its next operation as soon as the previous
 * one answered, until `operations` have been sent in all. Bounded by count, so a run cannot go on
 * forever; the first failure stops every worker and fails the load (an error is never timed as a
 * result). `beforeEach` runs before every operation, outside its latency (the wall time, and so
 * the throughput, includes it).
 */
export async function runLoad(
  newWorker: () => Operation,
  options: { concurrency: number; operations: number; beforeEach?: (() => Promise<void>) | undefined },
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let sent = 0;
  let failure: unknown;
  const started = performance.now();
  const loop = async (operation: Operation) => {
    while (sent < options.operations && failure === undefined) {
      sent++;
      try {
        await options.beforeEach?.();
      } catch (error) {
        failure ??= error;
        return;
      }
      const begin = performance.now();
      try {
        await operation();
      } catch (error) {
        failure ??= error;
        return;
      }
      latenciesMs.push(performance.now() - begin);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, options.operations) }, () => loop(newWorker()));
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
  return { latenciesMs, elapsedMs: performance.now() - started };
}
