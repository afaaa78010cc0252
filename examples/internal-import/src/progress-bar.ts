/** Shows how many rows are done out of how many, on stderr so stdout keeps only the summary. */
export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

const width = 30;

/**
 * On a terminal, one bar redrawn in place; elsewhere (a log, a pipe), one line per update, as a
 * carriage return would pile every redraw onto one unreadable line.
 */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const line = (done: number) => {
    const filled = Math.round((total === 0 ? 1 : done / total) * width);
    return `participants ${"█".repeat(filled)}${"░".repeat(width - filled)} ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} rows`;
  };
  return {
    update(done) {
      stream.write(stream.isTTY ? `\r${line(done)}` : `${line(done)}\n`);
    },
    finish() {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
