import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { Prisma } from "../../src/db/generated/prisma/client.js";
import { isDatabaseUnavailable } from "../../src/db/unavailable.js";
import { createErrorMasker } from "../../src/http/mask-error.js";
import { silentLogger } from "../../src/observability/logger.js";

const clientVersion = "7.10.0";

/** A Prisma error carrying the driver adapter's error, as Prisma Client 7 raises them. */
const prismaError = (code: string, cause: ConstructorParameters<typeof DriverAdapterError>[0]) =>
  new Prisma.PrismaClientKnownRequestError(`Prisma ${code}`, { code, clientVersion, meta: { driverAdapterError: new DriverAdapterError(cause) } });

/** PostgreSQL's own error, as the adapter passes it on. */
const postgres = (code: string, severity: string, message: string) =>
  ({ kind: "postgres", code, severity, message, detail: undefined, column: undefined, hint: undefined }) as const;

/** An error thrown in a resolver, as graphql-js hands it to the error masking. */
const inResolver = (error: Error) => new GraphQLError(error.message, { path: ["province"], originalError: error });

const adminShutdown = prismaError("P2039", postgres("57P01", "FATAL", "terminating connection due to administrator command"));

describe("a lost database connection", () => {
  it.each([
    ["refused (P1001, DatabaseNotReachable)", prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
    ["ended by a shutdown (SQLSTATE 57P01)", adminShutdown],
    ["refused while starting up (SQLSTATE 57P03)", prismaError("P2010", postgres("57P03", "FATAL", "the database system is starting up"))],
    ["reset (ConnectionClosed)", prismaError("P1017", { kind: "ConnectionClosed" })],
    ["a connection exception (SQLSTATE class 08)", Object.assign(new Error("connection failure"), { code: "08006", severity: "FATAL" })],
    ["closed under pg without a word", new Error("Connection terminated unexpectedly")],
    ["refused to pg itself (ECONNREFUSED)", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 })],
    ["the embedded database's socket is missing while it restarts (connect ENOENT)", Object.assign(new Error("\nInvalid `prisma.$queryRaw()` invocation:\nconnect ENOENT /data/socket/.s.PGSQL.5432"), { code: "ENOENT" })],
    ["met in a resolver", inResolver(adminShutdown)],
  ])("is recognised when %s", (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", prismaError("P2002", { kind: "UniqueConstraintViolation", constraint: { fields: ["nik"] } })],
    ["another PostgreSQL error", prismaError("P2010", postgres("42703", "ERROR", "column does not exist"))],
    ["a caller's mistake", new GraphQLError("bad", { extensions: { code: "BAD_USER_INPUT" } })],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["a value that is no error", "ECONNREFUSED"],
    ["a file that is missing", Object.assign(new Error("ENOENT: no such file or directory, open 'report.csv'"), { code: "ENOENT" })],
  ])("is not confused with %s", (_case, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("is looked for through causes that lead back to themselves, without looping", () => {
    const first = new Error("first");
    const second = new Error("second", { cause: first });
    Object.assign(first, { cause: second });
    expect(isDatabaseUnavailable(second)).toBe(false);
  });

  it("is told to the caller as DATABASE_UNAVAILABLE with HTTP 503 and Retry-After, at the field where it was met", () => {
    const masked = createErrorMasker(silentLogger)(inResolver(adminShutdown), "Unexpected error.");
    expect(masked).toBeInstanceOf(GraphQLError);
    const { message, path, extensions } = masked as GraphQLError;
    expect(message).toBe("The database is unavailable right now; retry in 5 seconds.");
    expect(path).toEqual(["province"]);
    expect(extensions).toEqual({ code: "DATABASE_UNAVAILABLE", http: { status: 503, headers: { "Retry-After": "5" } } });
  });
});
