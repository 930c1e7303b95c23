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
}

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
  const publicClient = createPublicClient({ chain, transport }) as PublicClient;
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
  const walletClient = createWalletClient({ chain, transport, account }) as WalletClient<Transport, Chain, Account>;
  return { chain, publicClient, walletClient };
}
