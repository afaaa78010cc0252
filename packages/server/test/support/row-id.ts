/** The global ID the API gives a row (base64 of `Type:id`), for asking it by `node(id:)`. */
export function globalIdOf(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString("base64");
}

/** The database id behind a global ID the API gave out (base64 of `Type:id`). */
export function rowIdOf(globalId: string): string {
  const id = Buffer.from(globalId, "base64").toString("utf8").split(":")[1];
  if (!id) throw new Error(`"${globalId}" is not a global ID`);
  return id;
}
