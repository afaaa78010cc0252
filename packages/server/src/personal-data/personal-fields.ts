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
 * How this process stores personal values and matches NIKs. Every server stores them with the
 * codec installPersonalDataKeys builds (AES-256-GCM under the data keys, the NIK matched by its
 * HMAC); nothing in configuration can choose another. installPersonalDataCodec exists for one
 * caller: packages/server/scripts/measure-encryption-cost.ts, which runs the same server with a
 * pass-through of this shape to measure what encryption costs.
 */
export interface PersonalDataCodec {
  /** The stored form of a value written to `column`. */
  seal(column: PersonalColumn, value: string): string;
  /** A stored value of `column` as it was written. */
  open(column: PersonalColumn, stored: string): string;
  /** What `person.nik_hash` holds for a NIK (64 characters). */
  nikHash(nik: string): string;
}

/**
 * The keys and codec of this process, set once at start (preparePersonalData) before any request
 * or command touches a person. Held here rather than passed down: every write and read of a person
 * needs them, and they are one per process, like its configuration, for as long as it runs.
 */
let installed: { keys: PersonalDataKeys; codec: PersonalDataCodec } | undefined;

function current() {
  if (!installed) throw new Error("The personal data keys are not loaded: call preparePersonalData before reading or writing people.");
  return installed;
}

export function personalDataKeys(): PersonalDataKeys {
  return current().keys;
}

const columnName = (column: PersonalColumn) => `person.${column}`;

/**
 * The key a value names; when this process lacks it and its keys come from a key file, the file
 * is read again once: a rotation run while this process serves has added the key there.
 */
function keyOf(id: string) {
  const { keys, codec } = current();
  const key = keys.keyring.keyOf(id);
  if (key || !keys.keyring.reload) return key;
  installed = { codec, keys: { ...keys, keyring: keys.keyring.reload() } };
  return installed.keys.keyring.keyOf(id);
}

/** Sealed under the current data key; the keys are looked up at each call, so a reloaded keyring takes effect at once. */
const encryptingCodec: PersonalDataCodec = {
  seal: (column, value) => seal(personalDataKeys().keyring.current, columnName(column), value),
  open: (column, stored) => open(keyOf, columnName(column), stored),
  nikHash: (nik) => nikHashUnder(personalDataKeys().indexKey, nik),
};

export function installPersonalDataKeys(keys: PersonalDataKeys): void {
  installed = { keys, codec: encryptingCodec };
}

/** Replaces the codec, keeping the keys (see PersonalDataCodec for its one caller). */
export function installPersonalDataCodec(codec: PersonalDataCodec): void {
  installed = { ...current(), codec };
}

export function sealPersonal(column: PersonalColumn, value: string): string {
  return current().codec.seal(column, value);
}

/** A stored value as the caller wrote it; null stays null. */
export function openPersonal(column: PersonalColumn, stored: string | null): string | null {
  return stored === null ? null : current().codec.open(column, stored);
}

export function nikHashOf(nik: string): string {
  return current().codec.nikHash(nik);
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
