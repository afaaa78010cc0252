import { decodeGlobalID } from "@pothos/plugin-relay";
import { isObjectType, type GraphQLSchema } from "graphql";
import { badUserInput } from "./graphql-errors.js";
import { isKeyOf, isNodeTypename } from "./key-shapes.js";

export interface GlobalId {
  typename: string;
  id: string;
}

/** Decodes a Relay global ID ("base64 of Typename:key"), or says plainly that it is not one. */
export function decodeIssuedGlobalID(globalID: string): GlobalId {
  const notIssued = () => badUserInput(`"${globalID.slice(0, 80)}" is not a global ID issued by this API.`);
  let decoded: GlobalId;
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    throw notIssued();
  }
  if (!isNodeTypename(decoded.typename) || !isKeyOf(decoded.typename, decoded.id)) throw notIssued();
  return decoded;
}

/** Whether `globalID` is one this API issues: it decodes to a Node type and a key of that type's shape. */
export function isIssuedGlobalID(globalID: string): boolean {
  try {
    decodeIssuedGlobalID(globalID);
    return true;
  } catch {
    return false;
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
