import { describe, expect, it } from "vitest";
import { useLiveApi } from "../support/live-api.js";

const api = useLiveApi();

describe("program operations over HTTP", () => {
  it("stages() lists every stage in order, with dates as ISO strings or null", async () => {
    const { stages } = await api.client.stages();
    expect(stages.map((stage) => stage.number)).toEqual([...stages.keys()].map((index) => index + 1));
    const [first] = stages;
    expect(first?.name).toBe("Tahap 1");
    expect(first?.startsOn).toBeNull();
    for (const { startsOn, endsOn } of stages) {
      for (const day of [startsOn, endsOn]) {
        if (day !== null) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it("stage({ number: 3 }) gives its four provinces in code order with their venue cities", async () => {
    const { stage } = await api.client.stage({ number: 3 });
    expect(stage).toMatchObject({ number: 3, name: "Tahap 3", startsOn: "2024-06-28", endsOn: null });
    expect(stage?.provinces.map(({ venueCity }) => venueCity)).toEqual(["Banjarmasin", "Samarinda", "Manado", "Makassar"]);
    const codes = stage?.provinces.map(({ province }) => province.code) ?? [];
    expect(codes).toEqual([...codes].sort());
    expect(stage?.provinces.find(({ province }) => province.code === "73")?.province.name).toBe("Sulawesi Selatan");
    for (const { participantQuota } of stage?.provinces ?? []) expect(participantQuota).toBeGreaterThan(0);
  });

  it("stage() resolves to null for a stage that does not exist", async () => {
    expect(await api.client.stage({ number: 99 })).toEqual({ stage: null });
  });

  it("curriculumModules() lists the eight modules in curriculum order, in both languages", async () => {
    const { curriculumModules } = await api.client.curriculumModules();
    expect(curriculumModules.map((module) => module.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const module of curriculumModules) {
      expect(module.name).not.toBe("");
      expect(module.nameEn).not.toBe("");
      expect(module.id).not.toBe("");
    }
  });
});
