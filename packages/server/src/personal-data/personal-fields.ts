import { open, seal } from "./cipher.js";
import { nikHashUnder, type IndexKey } from "./index-key.js";
import type { Keyring } from "./keyring.js";

/** The person columns stored encrypted. Names stay plain: STAFF search them (see docs/access-and-personal-data.md, "Personal data"). */
export type PersonalColumn = "nik" | "phone" | "email";

export interface PersonalDataKeys {
  readonly keyring: Keyring;
  readonly indexKey: IndexKey;
}

/**
 * The keys of this process, set once at start (preparePersonalData) before any request or command
 * touches a person. Held here rather than passed down: every write and read of a person needs
 * them, and they are one per process, like its configuration, for as long as it runs.
 */
let installed: PersonalDataKeys | undefined;

export function installPersonalDataKeys(keys: PersonalDataKeys): void {
  installed = keys;
}

export function personalDataKeys(): PersonalDataKeys {
  if (!installed) throw new Error("The personal data keys are not loaded: call preparePersonalData before reading or writing people.");
  return installed;
}

const columnName = (column: PersonalColumn) => `person.${column}`;

export function sealPersonal(column: PersonalColumn, value: string): string {
  return seal(personalDataKeys().keyring.current, columnName(column), value);
}

/**
 * The key a value names; when this process lacks it and its keys come from a key file, the file
 * is read again once: a rotation run while this process serves has added the key there.
 */
function keyOf(id: string) {
  const keys = personalDataKeys();
  const key = keys.keyring.keyOf(id);
  if (key || !keys.keyring.reload) return key;
  installed = { ...keys, keyring: keys.keyring.reload() };
  return installed.keyring.keyOf(id);
}

/** A stored value as the caller wrote it; null stays null. */
export function openPersonal(column: PersonalColumn, stored: string | null): string | null {
  return stored === null ? null : open(keyOf, columnName(column), stored);
}

export function nikHashOf(nik: string): string {
  return nikHashUnder(personalDataKeys().indexKey, nik);
}

type Sealed<T> = T extends undefined ? undefined : T extends null ? null : string;

/**
 * The columns to store for a person's personal fields, checked and normalised by the caller:
 * each value sealed, the NIK with its hash. Undefined (not changed) and null (cleared) pass as they are.
 */
export function sealPersonFields<N extends string | null | undefined, P extends string | null | undefined, E extends string | null | undefined>(fields: {
  nik: N;
  phone: P;
  email: E;
}): { nik: Sealed<N>; nikHash: Sealed<N>; phone: Sealed<P>; email: Sealed<E> } {
  const each = <T extends string | null | undefined>(column: PersonalColumn, value: T) =>
    (typeof value === "string" ? sealPersonal(column, value) : value) as Sealed<T>;
  return {
    nik: each("nik", fields.nik),
    nikHash: (typeof fields.nik === "string" ? nikHashOf(fields.nik) : fields.nik) as Sealed<N>,
    phone: each("phone", fields.phone),
    email: each("email", fields.email),
  };
}
