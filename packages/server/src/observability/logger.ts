import { pino, type DestinationStream, type Level, type Logger } from "pino";
import { InvalidSettingError } from "../invalid-setting-error.js";
import { currentRequestRecord } from "./request-context.js";

export type { Logger };

const levels: readonly string[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** P3PD_LOG_LEVEL: one of pino's levels, default "info". */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): Level | "silent" {
  const value = env.P3PD_LOG_LEVEL?.trim() || "info";
  if (!levels.includes(value)) throw new InvalidSettingError(`P3PD_LOG_LEVEL must be one of ${levels.join(", ")}, got "${value}".`);
  return value as Level | "silent";
}

/** Where a stack's frames begin: the lines before them are the error's message. */
const firstFrame = /^\s+at /m;

/**
 * What a log line tells of an unexpected error: its type, its code (Prisma's, PostgreSQL's, Node's)
 * and where it was thrown, never its message. A database error quotes the values it refused (a
 * duplicate NIK, a name in a failed insert) and Prisma's validation errors print the arguments of
 * the call, so a message may hold personal data; the frames and the code locate the fault.
 */
export function describeError(error: unknown, causesLeft = 3): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const stack = error.stack ?? "";
  const framesAt = stack.search(firstFrame);
  const frames = framesAt >= 0 ? stack.slice(framesAt) : "";
  return {
    type: error.name,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    frames: frames.split("\n").map((line) => line.trim()).filter((line) => line !== ""),
    // A few causes deep: causes may lead back to themselves.
    ...(error.cause !== undefined && causesLeft > 0 ? { cause: describeError(error.cause, causesLeft - 1) } : {}),
  };
}

/**
 * The server's structured log: one JSON object a line, each written while a request is handled
 * carrying its `requestId`. Nothing logs request headers, arguments or error messages (see
 * describeError), so no key, secret or personal value reaches it.
 */
export function createLogger(level: Level | "silent" = "info", destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: describeError },
    mixin: () => {
      const record = currentRequestRecord();
      return record ? { requestId: record.id } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** For servers whose caller gave no logger (tests): writes nothing. */
export const silentLogger: Logger = createLogger("silent");
