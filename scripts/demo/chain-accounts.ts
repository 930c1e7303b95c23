import { createPublicClient, http, parseEther, type Hex, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { connectChain, type ConnectChainReturnType } from "../../server/src/chain/connect.js";
import { DemoError } from "./demo-error.js";

/** Receipts are polled this often: the demo's chain mines on every transaction. */
export const RECEIPT_POLL_MS = 100;

/**
 * A key holding `ether` on the chain: `given` (DEMO_ARTIST_KEY...) when set, else a new key funded with
 * `hardhat_setBalance` (the embedded chain, Hardhat and Anvil nodes have it; a public chain needs a given key).
 */
export async function demoAccount(rpcUrl: string, given: Hex | undefined, ether: string, role: string): Promise<ConnectChainReturnType> {
  let key = given;
  if (!key) {
    key = generatePrivateKey();
    const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }) as PublicClient;
    try {
      await client.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(key).address, `0x${parseEther(ether).toString(16)}`] } as never);
    } catch (cause) {
      throw new DemoError(`cannot fund a ${role} account on ${rpcUrl}`, {
        details: `the node refused hardhat_setBalance (${cause instanceof Error ? cause.message.split("\n")[0] : String(cause)}); set DEMO_${role.toUpperCase()}_KEY to a funded key`,
        cause,
      });
    }
  }
  return connectChain({ rpcUrl, privateKey: key });
}
