/**
 * `npm start`: brings up Soundmark on embedded defaults. For now: Hardhat's EDR chain on 127.0.0.1 with the contracts
 * deployed (deployments/<chainId>.json). With RPC_URL set, uses that chain instead of starting one.
 * Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { network } from "hardhat";
import type { Hex } from "viem";
import { connectChain } from "../server/src/chain/connect.js";
import { deployContracts } from "../server/src/chain/deploy-contracts.js";

const CHAIN_HOST = "127.0.0.1";
const CHAIN_PORT = Number(process.env.CHAIN_PORT ?? 8545);

async function main(): Promise<void> {
  let close: (() => Promise<void>) | undefined;
  let rpcUrl = process.env.RPC_URL;
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping`);
    void (close?.() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  if (!rpcUrl) {
    rpcUrl = `http://${CHAIN_HOST}:${CHAIN_PORT}`;
    console.log(`starting the embedded chain (Hardhat EDR) at ${rpcUrl} ...`);
    // In-process EDR behind a JSON-RPC server: one process to stop, and other processes reach it over HTTP.
    const server = await network.createServer("default", CHAIN_HOST, CHAIN_PORT);
    await server.listen();
    close = () => server.close();
  }
  const { publicClient, walletClient } = await connectChain({
    rpcUrl,
    privateKey: process.env.PRIVATE_KEY as Hex | undefined,
  });
  const { deployment, file } = await deployContracts({
    publicClient,
    walletClient,
    deploymentsDir: process.env.DEPLOYMENTS_DIR ?? "deployments",
    log: (line) => console.log(line),
  });
  console.log(`
Soundmark is up.
  chain RPC          ${rpcUrl} (chain id ${deployment.chainId})
  SoundmarkRegistry  ${deployment.contracts.SoundmarkRegistry.address}
  TrackNFT           ${deployment.contracts.TrackNFT.address}
  deployment file    ${file}
Press Ctrl-C to stop.`);
  await new Promise(() => {});
}

main().catch((error: unknown) => {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
