import { encodeGlobalID } from "@pothos/plugin-relay";
import { execute, Kind, parse, type DocumentNode } from "graphql";
import { localOperator } from "../access/audit-log.js";
import type { KeyCaller } from "../access/caller.js";
import { NotFoundError, ValidationError } from "../cascade/write-errors.js";
import type { PrismaClient } from "../db/prisma.js";
import { createContext } from "../schema/context.js";
import { decodeIssuedGlobalID, isIssuedGlobalID } from "../schema/global-ids.js";
import { schema } from "../schema/index.js";
import { loadManifest } from "./persisted-operations.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's global ID from what an operator typed: the global ID the API shows, or the row's UUID. */
export function personGlobalIdOf(typed: string): string {
  const id = typed.trim();
  if (uuidPattern.test(id)) return encodeGlobalID("Person", id.toLowerCase());
  if (isIssuedGlobalID(id) && decodeIssuedGlobalID(id).typename === "Person") return id;
  throw new ValidationError("id", `"${typed.slice(0, 80)}" is not a person's id: give the global ID the API shows (Person.id) or the row's UUID.`);
}

/** The curated operation of the contract that `name` names, with its fragments, as the SDK sends it. */
function curatedOperation(name: string): DocumentNode {
  for (const text of loadManifest().values()) {
    const document = parse(text);
    if (document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name)) return document;
  }
  throw new Error(`The contract has no operation ${name}: run \`npm run codegen\`.`);
}

/**
 * What `personalData(personId:)` answers an ADMIN key for one person (the curated `PersonalData`
 * operation, which `client.personalData` sends), run in this process as the local operator: the
 * same document, from the same resolvers and access rules, with no server running. Reading is no
 * write, so it leaves no audit record, as over the API.
 */
export async function personalDataDocument(prisma: PrismaClient, typedId: string): Promise<unknown> {
  const personId = personGlobalIdOf(typedId);
  const caller: KeyCaller = { ...localOperator(), name: "local operator", regionCode: null, persistedOnly: false };
  // The local operator has no rate limit: it holds the database itself.
  const context = createContext(prisma, caller, { surcharge: async () => {} });
  const result = await execute({ schema, document: curatedOperation("PersonalData"), variableValues: { personId }, contextValue: context });
  if (result.errors?.length) throw new Error(`personalData failed: ${result.errors.map((error) => error.message).join("; ")}`);
  const document = result.data?.personalData;
  if (document === null || document === undefined) throw new NotFoundError("person", typedId.trim());
  return document;
}
