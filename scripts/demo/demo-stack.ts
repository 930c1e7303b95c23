import type { Hex } from "viem";
import type { StackFile } from "../../server/src/stack/index.js";
import { DemoError } from "./demo-error.js";

/** Where the demo finds each part of a running stack, and the API key it acts with as the platform and operator. */
export interface DemoStack {
  serverUrl: string;
  /** An API key with the `ingest` and `check` scopes (or `admin`). */
  apiKey: string;
  rpcUrl: string;
  chainId: number;
  contracts: { SoundmarkRegistry: Hex; TrackNFT: Hex };
  /** The server's signer: it registers tracks, holds the licence, and lists tracks on TrackNFT. */
  signer: Hex;
  generatorUrl: string;
  /** The generator's models folder (on this machine): the trained model is saved into it. */
  generatorModelsDir: string;
}

/** The demo's view of a stack from the stack.json npm start wrote, the server's URL and the API key to act with. */
export function demoStackFrom(info: StackFile, serverUrl: string, apiKey: string): DemoStack {
  if (!info.generatorUrl || !info.generatorModelsDir) throw new DemoError("that stack runs no generator worker");
  return {
    serverUrl,
    apiKey,
    rpcUrl: info.rpcUrl,
    chainId: info.chainId,
    contracts: info.contracts,
    signer: info.signer,
    generatorUrl: info.generatorUrl,
    generatorModelsDir: info.generatorModelsDir,
  };
}
