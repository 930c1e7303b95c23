import type { Hex } from "viem";

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
