import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { StackError } from "./stack-error.js";

/**
 * `<data>/stack.json`: where the parts of a running `npm start` listen, for clients on the same machine (the demo
 * finds the generator and the chain through it). Addresses only: no secret is ever written here.
 */
export interface StackFile {
  /** The process that wrote it; the file is removed when that process stops the stack. */
  pid: number;
  serverUrl: string;
  generatorUrl: string | null;
  /** The generator's models folder: a trained model folder copied here can be named in a job. */
  generatorModelsDir: string | null;
  rpcUrl: string;
  chainId: number;
  contracts: { SoundmarkRegistry: Hex; TrackNFT: Hex };
  /** The address that registers tracks (and so may list them on TrackNFT). */
  signer: Hex;
  watermarkKeyId: string | null;
}

export const STACK_FILE = "stack.json";

export async function writeStackFile(dataDir: string, info: StackFile): Promise<void> {
  const file = join(dataDir, STACK_FILE);
  // Written whole then renamed: a reader never sees half a file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(info, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Removes the file if `pid` wrote it (a newer stack on the same folder keeps its own). */
export async function removeStackFile(dataDir: string, pid: number): Promise<void> {
  const current = await readStackFile(dataDir);
  if (current?.pid === pid) await rm(join(dataDir, STACK_FILE), { force: true });
}

/** The stack file of `dataDir`; null when there is none. Throws on a file that is not a stack file. */
export async function readStackFile(dataDir: string): Promise<StackFile | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, STACK_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let parsed: Partial<StackFile> | null = null;
  try {
    parsed = JSON.parse(text) as Partial<StackFile>;
  } catch {
    // reported below with the rest
  }
  if (!parsed || typeof parsed.serverUrl !== "string" || typeof parsed.rpcUrl !== "string" || typeof parsed.pid !== "number") {
    throw new StackError(`${join(dataDir, STACK_FILE)} is not a stack file`, { details: "it is rewritten by the next npm start on this folder" });
  }
  return parsed as StackFile;
}
