import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataKeyOf, keyIdOf, open, seal, UnreadablePersonalDataError } from "../src/personal-data/cipher.js";
import { addKeyToDataFolder, DataKeyError, keyFileOf, keyringOf, loadKeyring } from "../src/personal-data/keyring.js";
import { installPersonalDataKeys, openPersonal, personalDataKeys, sealPersonal } from "../src/personal-data/personal-fields.js";

const newKey = () => dataKeyOf(randomBytes(32));

describe("the personal-data cipher", () => {
  const key = newKey();
  const keyring = keyringOf(key);

  it("reads back what it sealed, and seals the same value differently each time (a fresh nonce)", () => {
    const first = seal(key, "person.nik", "7371010101900001");
    const second = seal(key, "person.nik", "7371010101900001");
    expect(first).not.toBe(second);
    expect(first).not.toContain("7371010101900001");
    expect(first).toMatch(/^v1:[A-Za-z0-9_-]{11}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/);
    expect(keyIdOf(first)).toBe(key.id);
    expect(open(keyring.keyOf, "person.nik", first)).toBe("7371010101900001");
    expect(open(keyring.keyOf, "person.email", seal(key, "person.email", "siti.rahma@example.org"))).toBe("siti.rahma@example.org");
  });

  it("gives every value a nonce of its own across the batches nonces are drawn in (5,000 seals, over four batches of 1,024)", () => {
    const sealed = Array.from({ length: 5_000 }, () => seal(key, "person.nik", "7371010101900001"));
    expect(new Set(sealed.map((value) => value.split(":")[2])).size).toBe(5_000);
    expect(new Set(sealed.map((value) => open(keyring.keyOf, "person.nik", value)))).toEqual(new Set(["7371010101900001"]));
  });

  it("refuses a value with any byte changed: nonce, ciphertext or tag", () => {
    const sealed = seal(key, "person.phone", "+62 811 0000 001");
    const parts = sealed.split(":");
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      const tampered = parts.map((part, i) => (i === index ? bytes.toString("base64url") : part)).join(":");
      expect(() => open(keyring.keyOf, "person.phone", tampered)).toThrow(UnreadablePersonalDataError);
    }
  });

  it("refuses a value copied into another column, or relabelled as another key's", () => {
    const sealed = seal(key, "person.phone", "+62 811 0000 001");
    expect(() => open(keyring.keyOf, "person.email", sealed)).toThrow(/failed authentication/);
    const other = newKey();
    const relabelled = sealed.replace(key.id, other.id);
    expect(() => open(keyringOf(key, [other]).keyOf, "person.phone", relabelled)).toThrow(/failed authentication/);
  });

  it("names the missing key, never the value, when a value is sealed under a key it does not hold", () => {
    const old = newKey();
    const sealed = seal(old, "person.nik", "7371010101900001");
    expect(() => open(keyring.keyOf, "person.nik", sealed)).toThrow(new RegExp(`data key ${old.id}.*P3PD_DATA_KEYS_PREVIOUS`));
    expect(open(keyringOf(key, [old]).keyOf, "person.nik", sealed)).toBe("7371010101900001");
  });

  it("refuses a plain value instead of passing it off as decrypted", () => {
    expect(() => open(keyring.keyOf, "person.nik", "7371010101900001")).toThrow(/not encrypted/);
  });
});

describe("the keyring", () => {
  const folders: string[] = [];
  const folder = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "p3pd-keys-"));
    folders.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("on the embedded default makes a key file once, owner-only (0600), and reuses it", async () => {
    const dataDir = await folder();
    const first = await loadKeyring({ env: {}, engine: "pglite", dataDir });
    expect((await stat(keyFileOf(dataDir))).mode & 0o777).toBe(0o600);
    const again = await loadKeyring({ env: {}, engine: "pglite", dataDir });
    expect(again.current.id).toBe(first.current.id);
    expect(again.current.secret.equals(first.current.secret)).toBe(true);
    expect(await readFile(keyFileOf(dataDir), "utf8")).toContain(first.current.secret.toString("base64"));
  });

  it("after a rotation adds a key to the file, a running process reads values under it and seals under it", async () => {
    const dataDir = await folder();
    const shared = personalDataKeys();
    installPersonalDataKeys({ keyring: await loadKeyring({ env: {}, engine: "pglite", dataDir }), indexKey: randomBytes(32) });
    try {
      const before = sealPersonal("phone", "+62 811 0000 001");
      // What `p3pd data-key rotate` does from another process: this one still holds the old keyring.
      const rotated = await addKeyToDataFolder(dataDir);
      expect((await stat(keyFileOf(dataDir))).mode & 0o777).toBe(0o600);
      const after = seal(rotated.current, "person.phone", "+62 811 0000 002");
      expect(openPersonal("phone", after)).toBe("+62 811 0000 002");
      expect(openPersonal("phone", before)).toBe("+62 811 0000 001");
      expect(keyIdOf(sealPersonal("phone", "+62 811 0000 003"))).toBe(rotated.current.id);
      expect(rotated.keys).toHaveLength(2);
    } finally {
      installPersonalDataKeys(shared);
    }
  });

  it("refuses a key file that others may read", async () => {
    const dataDir = await folder();
    await loadKeyring({ env: {}, engine: "pglite", dataDir });
    await chmod(keyFileOf(dataDir), 0o644);
    await expect(loadKeyring({ env: {}, engine: "pglite", dataDir })).rejects.toThrow(/may be read by others \(mode 644\).*chmod 600/);
  });

  it("refuses to start on PostgreSQL without P3PD_DATA_KEY rather than store personal data in plain text", async () => {
    await expect(loadKeyring({ env: {}, engine: "postgresql" })).rejects.toThrow(DataKeyError);
    await expect(loadKeyring({ env: {}, engine: "postgresql" })).rejects.toThrow(/P3PD_DATA_KEY is not set/);
  });

  it("takes P3PD_DATA_KEY as the current key and P3PD_DATA_KEYS_PREVIOUS for reading, on either engine", async () => {
    const [current, old] = [randomBytes(32), randomBytes(32)];
    const keyring = await loadKeyring({ env: { P3PD_DATA_KEY: current.toString("base64"), P3PD_DATA_KEYS_PREVIOUS: old.toString("base64url") }, engine: "postgresql" });
    expect(keyring.current.secret.equals(current)).toBe(true);
    expect(keyring.keys.map((key) => key.secret.toString("hex"))).toEqual([current.toString("hex"), old.toString("hex")]);
    const sealed = seal(dataKeyOf(old), "person.nik", "1234567890123456");
    expect(open(keyring.keyOf, "person.nik", sealed)).toBe("1234567890123456");
  });

  it("refuses a key that is not 32 bytes of base64, without echoing it", async () => {
    const short = randomBytes(16).toString("base64");
    const attempt = loadKeyring({ env: { P3PD_DATA_KEY: short }, engine: "postgresql" });
    await expect(attempt).rejects.toThrow(/P3PD_DATA_KEY must be 32 random bytes in base64/);
    await expect(loadKeyring({ env: { P3PD_DATA_KEY: short }, engine: "postgresql" }).catch((error: Error) => error.message)).resolves.not.toContain(short);
  });
});
