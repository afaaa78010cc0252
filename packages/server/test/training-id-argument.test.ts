import { describe, expect, it } from "vitest";
import { trainingIdFrom } from "../src/import/participants-command.js";

const id = "0193a5c4-7f1e-7cc2-9b1a-3f4d5e6a7b8c";
const globalId = (typename: string, key: string) => Buffer.from(`${typename}:${key}`).toString("base64");

describe("p3pd import's --training", () => {
  it("takes a training's raw id as it is", () => {
    expect(trainingIdFrom(id)).toBe(id);
  });

  it("takes the Training global ID the API shows and gives its id", () => {
    expect(trainingIdFrom(globalId("Training", id))).toBe(id);
  });

  it("refuses another type's global ID and text that is neither", () => {
    expect(() => trainingIdFrom(globalId("Person", id))).toThrow(/neither a training id nor a Training global ID/);
    expect(() => trainingIdFrom("not an id!")).toThrow(/neither a training id nor a Training global ID/);
    expect(() => trainingIdFrom(Buffer.from("Training").toString("base64"))).toThrow(/neither a training id nor a Training global ID/);
  });
});
