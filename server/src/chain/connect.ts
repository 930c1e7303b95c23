import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

export interface ConnectChainParameters {
  rpcUrl: string;
  /** Signs locally when given; otherwise the node's first unlocked account signs (local dev nodes only). */
  privateKey?: Hex;
  /** A local account (e.g. from `loadKeystoreAccount`); takes precedence over `privateKey`. */
  account?: LocalAccount;
  /**
   * How often the clients poll, and how long they cache the block number, in ms. Default: 100 on a local development
   * chain (chain id 31337 or 1337: Hardhat / EDR / Anvil mine at once, and viem's 4 s default would only delay every
   * receipt and every block the indexer follows), viem's default (4 s) elsewhere.
   */
  pollingInterval?: number;
}

/** Chain ids of local development nodes (Hardhat, EDR, Anvil; Ganache and Geth --dev). */
const LOCAL_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);
const LOCAL_POLLING_INTERVAL_MS = 100;

export interface ConnectChainReturnType {
  chain: Chain;
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
}

/** viem clients for the chain at `rpcUrl`, with its chain id read from the node. */
export async function connectChain(params: ConnectChainParameters): Promise<ConnectChainReturnType> {
  const { rpcUrl, privateKey } = params;
  const transport = http(rpcUrl, { retryCount: 0 });
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const pollingInterval = params.pollingInterval ?? (LOCAL_CHAIN_IDS.has(chainId) ? LOCAL_POLLING_INTERVAL_MS : undefined);
  const polling = pollingInterval !== undefined ? { pollingInterval, cacheTime: pollingInterval } : {};
  const publicClient = createPublicClient({ chain, transport, ...polling }) as PublicClient;
  let account: Account | `0x${string}`;
  if (params.account) {
    account = params.account;
  } else if (privateKey) {
    account = privateKeyToAccount(privateKey);
  } else {
    const [first] = await createWalletClient({ transport }).getAddresses();
    if (!first) throw new Error(`the node at ${rpcUrl} has no unlocked account: set PRIVATE_KEY`);
    account = first;
  }
  const walletClient = createWalletClient({ chain, transport, account, ...polling }) as WalletClient<Transport, Chain, Account>;
  return { chain, publicClient, walletClient };
}
