import { createLogger, type Logger } from "../../src/observability/logger.js";

/** A real logger whose JSON lines the test reads back, parsed, and as the raw text written. */
export interface CapturedLog {
  logger: Logger;
  lines(): Record<string, unknown>[];
  text(): string;
  clear(): void;
}

export function captureLog(): CapturedLog {
  let written = "";
  const logger = createLogger("info", { write: (line: string) => void (written += line) });
  return {
    logger,
    lines: () => written.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written,
    clear: () => void (written = ""),
  };
}
