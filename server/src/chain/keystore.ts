import { readFile, stat } from "node:fs/promises";
import { Wallet } from "ethers";
import type { Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { KeystoreError } from "./errors.js";

/** Keystores are a few hundred bytes; anything far larger is not one (and is not read into memory). */
const MAX_KEYSTORE_BYTES = 64 * 1024;

export interface LoadKeystoreAccountParameters {
  /** An encrypted JSON keystore (Web3 Secret Storage v3, as geth, clef and ethers write). */
  path: string;
  password?: string;
  /** A file holding the password (its trailing newline is ignored); used when `password` is not given. */
  passwordFile?: string;
}

/**
 * Decrypts the signer's keystore with ethers and returns it as a viem account that signs locally.
 *
 * @example
 * const account = await loadKeystoreAccount({ path: "/run/secrets/signer.json", passwordFile: "/run/secrets/signer.pass" });
 */
export async function loadKeystoreAccount({ path, password, passwordFile }: LoadKeystoreAccountParameters): Promise<PrivateKeyAccount> {
  const secret = password ?? (passwordFile ? await readPasswordFile(passwordFile) : undefined);
  if (secret === undefined || secret.length === 0) {
    throw new KeystoreError("The keystore needs a password", { details: "set KEYSTORE_PASSWORD or KEYSTORE_PASSWORD_FILE" });
  }
  const json = await readSmallFile(path, "keystore");
  try {
    JSON.parse(json);
  } catch (cause) {
    throw new KeystoreError(`The keystore ${path} is not JSON`, { cause });
  }
  let wallet: { privateKey: string };
  try {
    wallet = await Wallet.fromEncryptedJson(json, secret);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/incorrect password|invalid password/i.test(message)) {
      throw new KeystoreError(`Wrong password for the keystore ${path}`, { cause });
    }
    throw new KeystoreError(`The keystore ${path} could not be decrypted`, { details: message, cause });
  }
  return privateKeyToAccount(wallet.privateKey as Hex);
}

/**
 * The signer configured by `KEYSTORE_PATH` with `KEYSTORE_PASSWORD` or `KEYSTORE_PASSWORD_FILE`, or undefined when
 * `KEYSTORE_PATH` is not set.
 */
export async function keystoreAccountFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<PrivateKeyAccount | undefined> {
  const path = env.KEYSTORE_PATH;
  if (!path) return undefined;
  return loadKeystoreAccount({ path, password: env.KEYSTORE_PASSWORD, passwordFile: env.KEYSTORE_PASSWORD_FILE });
}

async function readPasswordFile(file: string): Promise<string> {
  return (await readSmallFile(file, "password file")).replace(/\r?\n$/, "");
}

async function readSmallFile(file: string, what: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new KeystoreError(`The ${what} ${file} is not a file`);
    size = info.size;
  } catch (cause) {
    if (cause instanceof KeystoreError) throw cause;
    throw new KeystoreError(`Cannot read the ${what} ${file}`, { details: cause instanceof Error ? cause.message : String(cause), cause });
  }
  if (size > MAX_KEYSTORE_BYTES) throw new KeystoreError(`The ${what} ${file} is too large (${size} bytes)`);
  return readFile(file, "utf8");
}
