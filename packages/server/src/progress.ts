/** Reports how far a long step has got, so a first start is never silent. */
export interface Progress {
  start(label: string, total: number): void;
  advance(done: number): void;
  finish(): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, finish() {} };

const barWidth = 30;

/**
 * On a terminal, one bar redrawn in place; elsewhere (CI logs, pipes), a line at each quarter,
 * which keeps logs readable.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let label = "";
  let total = 0;
  let lastQuarter = -1;
  const line = (done: number) => {
    const ratio = total === 0 ? 1 : done / total;
    const filled = Math.round(ratio * barWidth);
    const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
    return `${label.padEnd(12)} ${bar} ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`;
  };
  return {
    start(newLabel, newTotal) {
      label = newLabel;
      total = newTotal;
      lastQuarter = -1;
      this.advance(0);
    },
    advance(done) {
      if (stream.isTTY) {
        stream.write(`\r${line(done)}`);
        return;
      }
      const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${line(done)}\n`);
      }
    },
    finish() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
