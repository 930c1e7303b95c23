import { readFile, writeFile, mkdir, rename } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Address, Hex } from "viem";

/** Where one contract lives on one chain. */
export interface DeployedContract {
  address: Address;
  /** Block of the deploying transaction: where indexers start. */
  blockNumber: number;
  transactionHash: Hex;
  /** keccak256 of the deployed (runtime) code, to notice a redeployment or a reset chain. */
  codeHash: Hex;
}

/** `deployments/<chainId>.json`: the addresses of one deployment of Soundmark. */
export interface Deployment {
  chainId: number;
  deployer: Address;
  deployedAt: string;
  contracts: {
    SoundmarkRegistry: DeployedContract;
    TrackNFT: DeployedContract;
  };
}

/** The path of the deployment file of `chainId` under `dir`. */
export function deploymentPath(dir: string, chainId: number): string {
  return path.join(dir, `${chainId}.json`);
}

/** Reads the deployment of `chainId`, or undefined when there is none. Throws on a malformed file. */
export async function readDeployment(dir: string, chainId: number): Promise<Deployment | undefined> {
  const file = deploymentPath(dir, chainId);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(await readFile(file, "utf8")) as Deployment;
  if (parsed.chainId !== chainId || !parsed.contracts?.SoundmarkRegistry?.address || !parsed.contracts?.TrackNFT?.address) {
    throw new Error(`${file} is not a Soundmark deployment for chain ${chainId}`);
  }
  return parsed;
}

/** Writes the deployment atomically (temporary file + rename), so a crash never leaves half a file. */
export async function writeDeployment(dir: string, deployment: Deployment): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = deploymentPath(dir, deployment.chainId);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(deployment, null, 2) + "\n");
  await rename(tmp, file);
  return file;
}
