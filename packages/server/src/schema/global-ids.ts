import { decodeGlobalID } from "@pothos/plugin-relay";
import { isObjectType, type GraphQLSchema } from "graphql";
import { badUserInput } from "./errors.js";

export interface GlobalId {
  typename: string;
  id: string;
}

/** Decodes a Relay global ID ("base64 of Typename:key"), or says plainly that it is not one. */
export function decodeIssuedGlobalID(globalID: string): GlobalId {
  try {
    return decodeGlobalID(globalID);
  } catch {
    throw badUserInput(`"${globalID}" is not a global ID issued by this API.`);
  }
}

/**
 * A global ID decodes to a type name and a key. Pothos answers null for a type name it does not
 * know; we tell the caller the ID is not one of ours, as we do for a malformed one.
 */
export function assertNodeTypename(id: GlobalId, schema: GraphQLSchema): void {
  const type = schema.getType(id.typename);
  const isNode = isObjectType(type) && type.getInterfaces().some((iface) => iface.name === "Node");
  if (!isNode) throw badUserInput(`Not a global ID issued by this API: it names no Node type ("${id.typename}").`);
}
