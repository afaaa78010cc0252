import { codePatterns } from "../regions/codes.js";

/**
 * What the key behind each type's global IDs and cursors looks like. A global ID or cursor is
 * text the caller can forge; one whose key has the wrong shape (not a UUID where rows have UUIDs)
 * would reach SQL and fail there, so it is refused as bad input first.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const numberPattern = /^[1-9]\d{0,8}$/;

type KeyShape = (key: unknown) => boolean;

const isText = (pattern: RegExp): KeyShape => (key) => typeof key === "string" && pattern.test(key);
const isRegionCode: KeyShape = (key) => typeof key === "string" && Object.values(codePatterns).some((pattern) => pattern.test(key));

/** The schema's Node types: the types whose rows have global IDs (a test keeps this list equal to the schema's). */
const nodeKeyShapes: Record<string, KeyShape> = {
  Person: isText(uuidPattern),
  Training: isText(uuidPattern),
  Enrollment: isText(uuidPattern),
  Stage: isText(numberPattern),
  CurriculumModule: isText(numberPattern),
  // A region type's ID with another level's code names no region (null), as a well-formed unknown code does.
  Province: isRegionCode,
  Kabupaten: isRegionCode,
  Kecamatan: isRegionCode,
  Village: isRegionCode,
};

/** Every type a connection pages over: the Node types, and two that have cursors but no global IDs. */
const pagedKeyShapes: Record<string, KeyShape> = {
  ...nodeKeyShapes,
  Region: isRegionCode,
  // The audit trail pages by its sequence number.
  AuditRecord: (key) => typeof key === "bigint" && key > 0n,
};

/** Whether `key` has the shape of `typename`'s keys; false for a type without a known shape. */
export function isKeyOf(typename: string, key: unknown): boolean {
  return pagedKeyShapes[typename]?.(key) ?? false;
}

/** Whether keys of `typename` have a declared shape (every Node type and paged type must). */
export function hasKeyShape(typename: string): boolean {
  return typename in pagedKeyShapes;
}

/** Whether `typename` is one of the types whose rows have global IDs. */
export function isNodeTypename(typename: string): boolean {
  return typename in nodeKeyShapes;
}
