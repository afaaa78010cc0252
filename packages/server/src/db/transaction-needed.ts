import type { Db } from "./prisma.js";

/**
 * What a mutation tried without a transaction meets at its first use of the database other than
 * its one checked write (see schema/audit-plugin.ts, `audit: { oneStatement: true }`): nothing
 * was written yet, and the mutation is run again, whole, in a transaction of its own.
 */
export class TransactionNeeded extends Error {
  constructor(what: string) {
    super(`${what} needs the mutation's transaction: it is run again in one`);
    this.name = "TransactionNeeded";
  }
}

/**
 * The `db` of a mutation tried without a transaction: any model or raw query on it throws
 * TransactionNeeded before sending anything, so no read or write can run outside the
 * transaction a mutation's checks and writes share.
 */
export const noTransaction: Db = new Proxy(
  {},
  {
    get(_target, property) {
      throw new TransactionNeeded(`Db.${String(property)}`);
    },
  },
  // A Proxy is typed as its target; every property of this one throws, so none is ever used as a Db's.
) as Db;
