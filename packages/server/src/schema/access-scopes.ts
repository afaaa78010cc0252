import type { GraphQLResolveInfo } from "graphql";
import { AuthScopeFailureType, type AuthFailure, type ForbiddenResult } from "@pothos/plugin-scope-auth";
import { isKeyCaller } from "../access/caller.js";
import type { Context } from "./context.js";
import { forbidden, unauthenticated } from "./graphql-errors.js";

/**
 * The scopes fields and types ask for. Roles grow by inclusion: ANONYMOUS ⊂ PARTNER ⊂ STAFF ⊂
 * ADMIN, except that a STAFF key is also confined to its region's subtree (see RegionAccess).
 */
export interface AuthScopes {
  /** Trainings, enrollments, people without personal fields, coverage, exports. */
  partner: boolean;
  /** Writes, within the key's region for STAFF. */
  staff: boolean;
  /** Full name, NIK, phone and email (UU 27/2022 personal data). */
  personalData: boolean;
  /** API keys and the audit trail. */
  admin: boolean;
}

export function scopesOf(context: Context): AuthScopes {
  const { role } = context.caller;
  const staff = role === "STAFF" || role === "ADMIN";
  return { partner: role !== "ANONYMOUS", staff, personalData: staff, admin: role === "ADMIN" };
}

const whoMay: Record<keyof AuthScopes, string> = {
  partner: "a PARTNER, STAFF or ADMIN key",
  staff: "a STAFF or ADMIN key",
  personalData: "a STAFF or ADMIN key (personal data)",
  admin: "an ADMIN key",
};

const isScopeName = (name: string): name is keyof AuthScopes => name in whoMay;

/** The scopes a failed check asked for, e.g. ["partner"]; empty when a row-level check said no. */
function scopesAskedFor(failure: AuthFailure): (keyof AuthScopes)[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return isScopeName(failure.scope) ? [failure.scope] : [];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return failure.failures.flatMap(scopesAskedFor);
    default:
      return [];
  }
}

/**
 * Turns a failed check into the error the caller sees: UNAUTHENTICATED when no key was sent,
 * FORBIDDEN otherwise, naming the field and what it needs. Never null in place of data.
 */
export function unauthorizedError(context: Context, info: GraphQLResolveInfo, result: ForbiddenResult): Error {
  const field = `${info.parentType.name}.${info.fieldName}`;
  const { caller } = context;
  const needed = scopesAskedFor(result.failure);
  if (!isKeyCaller(caller)) {
    const what = needed.length > 0 ? whoMay[needed[0] ?? "partner"] : whoMay.partner;
    return unauthenticated(`${field} needs ${what}: send \`Authorization: Bearer <key>\`.`);
  }
  if (needed.length > 0) return forbidden(`${field} needs ${whoMay[needed[0] ?? "partner"]}; this request uses a ${caller.role} key.`);
  return forbidden(`${field} is outside the subtree of region ${caller.regionCode ?? "?"}, which this STAFF key is confined to.`);
}
