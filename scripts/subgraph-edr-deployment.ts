import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import { deployContracts } from "../server/src/chain/deploy-contracts.js";

/**
 * Deploys the contracts to a fresh in-process Hardhat EDR chain and returns the deployment file it wrote (in a
 * temporary folder, never deployments/). Lets CI build the subgraph from the current contracts with real addresses
 * and start blocks when no live deployment exists; a manifest built from it is for building, not for deploying.
 */
export async function deployToEdr(): Promise<{ file: string; close: () => Promise<void> }> {
  const { network } = await import("hardhat");
  const connection = await network.connect();
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const [wallet] = await connection.viem.getWalletClients();
  if (!wallet) throw new Error("the EDR network has no accounts");
  const dir = await mkdtemp(path.join(tmpdir(), "soundmark-subgraph-deployment-"));
  const { file } = await deployContracts({
    publicClient,
    walletClient: wallet as unknown as WalletClient<Transport, Chain | undefined, Account>,
    deploymentsDir: dir,
  });
  return { file, close: () => connection.close() };
}
