/**
 * The server against a chain that is already running (RPC_URL, default http://127.0.0.1:8545): `tsx server/src/index.ts`.
 * `npm start` (scripts/start.ts) also starts the embedded chain first.
 */
import { loadConfig, withConfigFile } from "./config/index.js";
import { startServer } from "./server.js";

const config = loadConfig(withConfigFile(process.env));
const server = await startServer({
  config,
  rpcUrl: config.rpcUrl ?? "http://127.0.0.1:8545",
  log: (line) => console.log(line),
});
console.log(`Soundmark server at ${server.url} (GraphQL ${server.url}/graphql)`);
const stop = (signal: string) => {
  console.log(`\n${signal}: stopping`);
  void server.close().finally(() => process.exit(0));
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));
