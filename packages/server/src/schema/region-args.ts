import { codeShapeProblem, levelOfCode, type RegionLevel } from "../regions/codes.js";
import { badUserInput } from "./graphql-errors.js";

/** Throws BAD_USER_INPUT unless `code` is a well-formed code of `level`. */
export function assertCodeOfLevel(code: string, level: RegionLevel): void {
  const problem = codeShapeProblem(code, level);
  if (problem) throw badUserInput(problem);
}

/** Throws BAD_USER_INPUT unless `code` is a well-formed code of some level; returns the level. */
export function assertRegionCode(code: string): RegionLevel {
  const level = levelOfCode(code);
  if (!level) throw badUserInput(codeShapeProblem(code) ?? `"${code}" is not a region code.`);
  return level;
}
