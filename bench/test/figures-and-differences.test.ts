import { describe, expect, it } from "vitest";
import { percentile, spread } from "../src/measure/statistics.js";
import { assertSameAnswers, firstDifference } from "../src/verify/same-answers.js";

describe("the figures the table reports", () => {
  it("percentiles are nearest-rank: always a value that was measured", () => {
    const latencies = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(latencies, 50)).toBe(5);
    expect(percentile(latencies, 95)).toBe(10);
    expect(percentile(latencies, 99)).toBe(10);
    expect(percentile([42], 99)).toBe(42);
  });

  it("min / median / max over runs, the median of an even count halfway between the middle two", () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
  });
});

describe("the same-answers check", () => {
  it("names the first place two answers differ", () => {
    const ours = { stage: { provinces: [{ code: "63", villages: [{ name: "Tabanio" }] }] } };
    expect(firstDifference(ours, structuredClone(ours))).toBeUndefined();
    expect(firstDifference(ours, { stage: { provinces: [{ code: "63", villages: [{ name: "Tabanjo" }] }] } })).toBe(
      'answer.stage.provinces[0].villages[0].name: "Tabanio", against "Tabanjo"',
    );
    expect(firstDifference([1, 2], [1])).toBe("answer: 2 items, against 1");
    expect(firstDifference({ kind: null }, {})).toBe("answer.kind: null, against undefined");
  });

  it("aborts with the system that answered differently", () => {
    expect(() =>
      assertSameAnswers("lookup", [
        { label: "ours", answer: [{ code: "73" }] },
        { label: "PostGraphile", answer: [{ code: "73" }] },
        { label: "raw SQL", answer: [{ code: "74" }] },
      ]),
    ).toThrow('lookup: raw SQL answered differently from ours: answer[0].code: "73", against "74"');
  });
});
