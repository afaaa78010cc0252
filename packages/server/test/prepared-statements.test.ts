import { setTimeout as sleep } from "node:timers/promises";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createStatementNamer } from "../src/db/prepared-statements.js";
import { sharedDatabase } from "./support/shared-database.js";
import { createPrismaClient, directSqlOf } from "../src/db/prisma.js";

const postgres15 = async () => "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu";
const pglite = async () => "PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten";

/** A namer whose server has answered (the first statement asks, and runs unprepared). */
async function answeredNamer(serverVersion: () => Promise<string>, limit?: number) {
  const nameOf = createStatementNamer(serverVersion, limit);
  expect(nameOf("SELECT 0")).toBe("");
  await sleep(0);
  return nameOf;
}

describe("prepared statement names", () => {
  it("on PostgreSQL, give each distinct SQL text its own name, and the same text the same name every time", async () => {
    const nameOf = await answeredNamer(postgres15);
    const page = nameOf("SELECT code FROM village WHERE code > $1 LIMIT $2");
    const lookup = nameOf("SELECT code FROM province WHERE code = ANY($1)");
    expect(page).not.toBe("");
    expect(lookup).not.toBe(page);
    expect(nameOf("SELECT code FROM village WHERE code > $1 LIMIT $2")).toBe(page);
  });

  it("past the limit name no new text (the empty name runs it unprepared) and keep the names given", async () => {
    const nameOf = await answeredNamer(postgres15, 2);
    const first = nameOf("SELECT 1");
    const second = nameOf("SELECT 2");
    expect(nameOf("SELECT 3")).toBe("");
    expect([nameOf("SELECT 1"), nameOf("SELECT 2")]).toEqual([first, second]);
    expect(new Set([first, second]).size).toBe(2);
  });

  it("never name a statement for PGlite, whose connections share one session, even behind a PostgreSQL URL", async () => {
    const nameOf = await answeredNamer(pglite);
    expect([nameOf("SELECT 1"), nameOf("SELECT 1")]).toEqual(["", ""]);
  });

  it("run statements unprepared until the server answers, and ask again after a failed question", async () => {
    let asked = 0;
    const nameOf = createStatementNamer(async () => {
      asked++;
      if (asked === 1) throw new Error("connection refused");
      return postgres15();
    });
    expect(nameOf("SELECT 1")).toBe("");
    await sleep(0);
    expect(nameOf("SELECT 1")).toBe("");
    await sleep(0);
    expect(nameOf("SELECT 1")).not.toBe("");
    expect(asked).toBe(2);
  });

  it("through a PostgreSQL connection string to either engine, 20 parallel reads on two connections all answer: no prepared-statement name collides", async () => {
    // As a second process (the import CLI in the tests) reaches the test database: by URL, whatever serves it.
    const prisma = createPrismaClient({ ...sharedDatabase(), engine: "postgresql", maxPoolSize: 2 });
    try {
      const sql = directSqlOf(prisma);
      const read = () => sql.rows({ text: "SELECT code FROM province WHERE code = $1", row: v.strictObject({ code: v.string() }) }, ["73"]);
      await read();
      const rows = await Promise.all(Array.from({ length: 20 }, read));
      expect(rows.flat().map((row) => row.code)).toEqual(Array.from({ length: 20 }, () => "73"));
    } finally {
      await prisma.$disconnect();
    }
  });
});
