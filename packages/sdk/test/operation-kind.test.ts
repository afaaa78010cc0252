import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { EnrollDocument, ProvinceDocument } from "../src/index.js";
import { isQueryOnly } from "../src/operation-kind.js";

describe("isQueryOnly, which decides whether a call may be retried", () => {
  it("tells a curated query's text from a curated mutation's", () => {
    expect(isQueryOnly(ProvinceDocument)).toBe(true);
    expect(isQueryOnly(EnrollDocument)).toBe(false);
  });

  it("gives the same answer for a syntax tree as for its text", () => {
    expect(isQueryOnly(parse(ProvinceDocument))).toBe(true);
    expect(isQueryOnly(parse(EnrollDocument))).toBe(false);
  });

  it("holds a text that does not parse for not retryable, without throwing", () => {
    expect(isQueryOnly("query { province(code: ")).toBe(false);
  });
});
