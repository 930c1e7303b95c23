import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type Account,
  type Chain,
  type EIP1193Provider,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { deployContracts } from "../deploy-contracts.js";
import type { Deployment } from "../deployment.js";

/** Hardhat's default dev mnemonic: the accounts EDR funds at start. Test-only keys, public on purpose. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** A fresh in-process Hardhat EDR chain with viem clients that sign locally, as the server does in production. */
export interface EdrChain {
  chain: Chain;
  publicClient: PublicClient;
  /** A wallet client of dev account `index`, signing locally. */
  wallet(index: number): WalletClient<Transport, Chain, Account>;
  /** A wallet client of dev account `index` whose key the node holds (it signs with eth_sendTransaction). */
  nodeWallet(index: number): WalletClient<Transport, Chain, Account>;
  /** A raw JSON-RPC call (evm_mine, evm_snapshot, hardhat_dropTransaction...). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  setAutomine(on: boolean): Promise<void>;
  mine(blocks?: number): Promise<void>;
  /** Deploys the Soundmark contracts with `deployer` (default account 0) into a temporary deployments folder. */
  deploy(deployer?: number): Promise<Deployment>;
  close(): Promise<void>;
}

export async function startEdrChain(): Promise<EdrChain> {
  const connection = await network.connect();
  const provider = connection.provider as unknown as EIP1193Provider;
  const transport = custom(provider);
  const chainId = Number(await provider.request({ method: "eth_chainId" }));
  const chain = defineChain({
    id: chainId,
    name: "edr",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: ["http://edr.invalid"] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 20, cacheTime: 0 }) as PublicClient;
  const rpc = async <T>(method: string, params: unknown[] = []) =>
    (await (provider.request as (a: { method: string; params: unknown[] }) => Promise<unknown>)({ method, params })) as T;
  const wallet = (index: number) =>
    createWalletClient({ chain, transport, account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }), pollingInterval: 20 });
  return {
    chain,
    publicClient,
    wallet,
    nodeWallet: (index) =>
      createWalletClient({ chain, transport, account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address, pollingInterval: 20 }),
    rpc,
    setAutomine: async (on) => {
      await rpc("evm_setAutomine", [on]);
    },
    mine: async (blocks = 1) => {
      for (let i = 0; i < blocks; i++) await rpc("evm_mine");
    },
    async deploy(deployer = 0) {
      const deploymentsDir = await mkdtemp(path.join(tmpdir(), "soundmark-deployments-"));
      const { deployment } = await deployContracts({ publicClient, walletClient: wallet(deployer), deploymentsDir });
      return deployment;
    },
    close: () => connection.close(),
  };
}
