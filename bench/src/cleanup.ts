/**
 * What the run started, to be stopped in reverse order however it ends: normally, on an error, or
 * on Ctrl-C. A benchmark that leaves a PostgreSQL cluster or a server behind on a shared machine
 * skews every later measurement.
 */
export class Cleanup {
  private readonly steps: { label: string; step: () => Promise<unknown> | void }[] = [];
  private running: Promise<void> | undefined;

  add(label: string, step: () => Promise<unknown> | void): void {
    this.steps.push({ label, step });
  }

  /** Runs every step once, last added first; a failing step is reported and the others still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const { label, step } of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          process.stderr.write(`Cleanup: ${label} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })();
    return this.running;
  }

  /** Ctrl-C or a termination signal: clean up, then exit. */
  onSignals(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        process.stderr.write(`\n${signal}: stopping what the benchmark started…\n`);
        void this.run().then(() => process.exit(130));
      });
    }
  }
}
