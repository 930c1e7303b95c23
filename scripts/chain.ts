/**
 * `npm run chain`: only the persistent embedded chain (Hardhat EDR with its journal in <SOUNDMARK_DATA>/chain), on
 * HOST:CHAIN_PORT, for a chain in its own process (RPC_URL of `npm start` then points at it) and for fault tests that
 * kill it. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM; a kill -9 loses nothing that was answered.
 */
import { loadConfig, withConfigFile } from "../server/src/config/index.js";
import { startEmbeddedChain } from "../server/src/chain/embedded/index.js";

async function main(): Promise<void> {
  const config = loadConfig(withConfigFile(process.env));
  const chain = await startEmbeddedChain({ dataDir: config.dataDir, host: config.host, port: config.chainPort, log: (line) => console.log(line) });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the chain`);
    chain.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(String(error));
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log(`chain RPC ${chain.rpcUrl} (chain id ${chain.chainId}, ${chain.replayed} journaled call(s) replayed, journal ${chain.journalPath})`);
}

main().catch((error: unknown) => {
  console.error(`chain failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
