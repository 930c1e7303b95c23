import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptKeystoreJson } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { recoverMessageAddress } from "viem";
import { KeystoreError } from "./errors.js";
import { keystoreAccountFromEnv, loadKeystoreAccount } from "./keystore.js";

describe("keystore signer", () => {
  const privateKey = generatePrivateKey();
  const expected = privateKeyToAccount(privateKey).address;
  let dir: string;
  let keystore: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "keystore-"));
    keystore = path.join(dir, "signer.json");
    // A low scrypt cost keeps the test fast; real keystores use ethers' default (N = 2^17).
    const json = await encryptKeystoreJson({ address: expected, privateKey }, "correct horse", { scrypt: { N: 1 << 10 } });
    await writeFile(keystore, json);
    await writeFile(path.join(dir, "password"), "correct horse\n");
  });

  it("decrypts the keystore into a viem account that signs as the key's address", async () => {
    const account = await loadKeystoreAccount({ path: keystore, password: "correct horse" });
    expect(account.address).toBe(expected);
    const signature = await account.signMessage({ message: "soundmark" });
    expect(await recoverMessageAddress({ message: "soundmark", signature })).toBe(expected);
  });

  it("reads the password from a file and the configuration from the environment", async () => {
    const account = await keystoreAccountFromEnv({ KEYSTORE_PATH: keystore, KEYSTORE_PASSWORD_FILE: path.join(dir, "password") });
    expect(account?.address).toBe(expected);
    expect(await keystoreAccountFromEnv({})).toBeUndefined();
  });

  it("fails with KeystoreError on a wrong password, a missing password, a missing, truncated, oversized or non-keystore file", async () => {
    await expect(loadKeystoreAccount({ path: keystore, password: "wrong" })).rejects.toThrow(/Wrong password/);
    await expect(loadKeystoreAccount({ path: keystore })).rejects.toBeInstanceOf(KeystoreError);
    await expect(loadKeystoreAccount({ path: path.join(dir, "missing.json"), password: "x" })).rejects.toBeInstanceOf(KeystoreError);
    const truncated = path.join(dir, "truncated.json");
    await writeFile(truncated, (await readFile(keystore, "utf8")).slice(0, 100));
    await expect(loadKeystoreAccount({ path: truncated, password: "x" })).rejects.toBeInstanceOf(KeystoreError);
    const huge = path.join(dir, "huge.json");
    await writeFile(huge, "x".repeat(100_000));
    await expect(loadKeystoreAccount({ path: huge, password: "x" })).rejects.toThrow(/too large/);
    const other = path.join(dir, "other.json");
    await writeFile(other, JSON.stringify({ hello: "world" }));
    await expect(loadKeystoreAccount({ path: other, password: "x" })).rejects.toBeInstanceOf(KeystoreError);
    const folder = path.join(dir, "folder");
    await mkdir(folder);
    await expect(loadKeystoreAccount({ path: folder, password: "x" })).rejects.toThrow(/not a file/);
  });
});
