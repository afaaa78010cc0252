import { describe, expect, it } from "vitest";
import { createStatementNamer } from "../src/db/prepared-statements.js";

describe("prepared statement names", () => {
  it("gives each distinct SQL text its own name, and the same text the same name every time", () => {
    const nameOf = createStatementNamer();
    const page = nameOf("SELECT code FROM village WHERE code > $1 LIMIT $2");
    const lookup = nameOf("SELECT code FROM province WHERE code = ANY($1)");
    expect(page).not.toBe("");
    expect(lookup).not.toBe(page);
    expect(nameOf("SELECT code FROM village WHERE code > $1 LIMIT $2")).toBe(page);
  });

  it("past its limit names no new text (the empty name runs it unprepared) and keeps the names it gave", () => {
    const nameOf = createStatementNamer(2);
    const first = nameOf("SELECT 1");
    const second = nameOf("SELECT 2");
    expect(nameOf("SELECT 3")).toBe("");
    expect([nameOf("SELECT 1"), nameOf("SELECT 2")]).toEqual([first, second]);
    expect(new Set([first, second]).size).toBe(2);
  });
});
