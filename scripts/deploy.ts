/**
 * Deploys Soundmark's contracts to the chain at RPC_URL (default: the embedded node at http://127.0.0.1:8545) and
 * writes deployments/<chainId>.json. Idempotent: reuses a deployment whose code is still on the chain.
 *   RPC_URL=...  PRIVATE_KEY=0x...  ADMIN=0x...  npm run deploy
 */
import { isAddress, isHex, type Address, type Hex } from "viem";
import { connectChain } from "../server/src/chain/connect.js";
import { deployContracts } from "../server/src/chain/deploy-contracts.js";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

async function main(): Promise<void> {
  const rpcUrl = process.env.RPC_URL ?? DEFAULT_RPC_URL;
  const privateKey = process.env.PRIVATE_KEY;
  if (privateKey !== undefined && !(isHex(privateKey) && privateKey.length === 66)) {
    throw new Error("PRIVATE_KEY must be 0x followed by 64 hex digits");
  }
  const admin = process.env.ADMIN;
  if (admin !== undefined && !isAddress(admin)) throw new Error(`ADMIN is not an address: ${admin}`);
  const { publicClient, walletClient } = await connectChain({ rpcUrl, privateKey: privateKey as Hex | undefined });
  const { file, deployed } = await deployContracts({
    publicClient,
    walletClient,
    deploymentsDir: process.env.DEPLOYMENTS_DIR ?? "deployments",
    admin: admin as Address | undefined,
    log: (line) => console.log(line),
  });
  console.log(`${deployed ? "wrote" : "kept"} ${file}`);
}

main().catch((error: unknown) => {
  console.error(`deploy failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
