import { getAddress, keccak256, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { soundmarkRegistryAbi, soundmarkRegistryBytecode } from "./abi/SoundmarkRegistry.js";
import { trackNFTAbi, trackNFTBytecode } from "./abi/TrackNFT.js";
import { readDeployment, writeDeployment, type DeployedContract, type Deployment } from "./deployment.js";

export interface DeployContractsParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Folder of `<chainId>.json` files. */
  deploymentsDir: string;
  /** Admin and pauser of both contracts; defaults to the deployer. */
  admin?: Address;
  /** Progress lines, e.g. console.log. */
  log?: (line: string) => void;
}

export interface DeployContractsReturnType {
  deployment: Deployment;
  /** False when a live deployment was found and reused. */
  deployed: boolean;
  file: string;
}

/**
 * Deploys the registry and the NFT contract unless `deployments/<chainId>.json` names contracts whose code is
 * still on the chain (idempotent: a second run changes nothing; a reset dev chain gets a fresh deployment).
 */
export async function deployContracts(params: DeployContractsParameters): Promise<DeployContractsReturnType> {
  const { publicClient, walletClient, deploymentsDir, log = () => {} } = params;
  const chainId = await publicClient.getChainId();
  const existing = await readDeployment(deploymentsDir, chainId);
  if (existing && (await isLive(publicClient, existing))) {
    log(`chain ${chainId}: reusing deployment (registry ${existing.contracts.SoundmarkRegistry.address})`);
    return { deployment: existing, deployed: false, file: `${deploymentsDir}/${chainId}.json` };
  }
  if (existing) log(`chain ${chainId}: the recorded contracts are gone (a reset chain?); deploying again`);

  const deployer = walletClient.account.address;
  const admin = params.admin ?? deployer;
  const registry = await deployOne(publicClient, "SoundmarkRegistry", () =>
    walletClient.deployContract({
      abi: soundmarkRegistryAbi,
      bytecode: soundmarkRegistryBytecode,
      args: [admin],
      account: walletClient.account,
      chain: walletClient.chain,
    }),
  );
  log(`SoundmarkRegistry at ${registry.address} (block ${registry.blockNumber})`);
  const nft = await deployOne(publicClient, "TrackNFT", () =>
    walletClient.deployContract({
      abi: trackNFTAbi,
      bytecode: trackNFTBytecode,
      args: [registry.address, admin],
      account: walletClient.account,
      chain: walletClient.chain,
    }),
  );
  log(`TrackNFT at ${nft.address} (block ${nft.blockNumber})`);

  const deployment: Deployment = {
    chainId,
    deployer,
    deployedAt: new Date().toISOString(),
    contracts: { SoundmarkRegistry: registry, TrackNFT: nft },
  };
  const file = await writeDeployment(deploymentsDir, deployment);
  return { deployment, deployed: true, file };
}

async function deployOne(
  publicClient: PublicClient,
  name: string,
  send: () => Promise<`0x${string}`>,
): Promise<DeployedContract> {
  const transactionHash = await send();
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`deploying ${name} failed in transaction ${transactionHash}`);
  }
  const code = await publicClient.getCode({ address: receipt.contractAddress });
  if (!code) throw new Error(`no code at ${receipt.contractAddress} after deploying ${name}`);
  return {
    address: getAddress(receipt.contractAddress),
    blockNumber: Number(receipt.blockNumber),
    transactionHash,
    codeHash: keccak256(code),
  };
}

async function isLive(publicClient: PublicClient, deployment: Deployment): Promise<boolean> {
  for (const c of Object.values(deployment.contracts)) {
    const code = await publicClient.getCode({ address: c.address });
    if (!code || keccak256(code) !== c.codeHash) return false;
  }
  return true;
}
