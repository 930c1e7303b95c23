import { resolve } from "node:path";
import { readStackFile } from "../../server/src/stack/index.js";
import { DemoError } from "./demo-error.js";
import { demoStackFrom, type DemoStack } from "./demo-stack.js";

/**
 * The stack already answering at `serverUrl`: the rest (generator, chain, signer, models folder) from the stack.json
 * that `npm start` wrote into its data folder (SOUNDMARK_DATA, default ./.soundmark), the API key from
 * SOUNDMARK_API_KEY (npm start shows the first one once).
 */
export async function attachStack({ serverUrl, dataDir, apiKey }: { serverUrl: string; dataDir: string; apiKey: string | undefined }): Promise<DemoStack> {
  const info = await readStackFile(resolve(dataDir));
  if (!info) {
    throw new DemoError(`a server answers at ${serverUrl} but ${resolve(dataDir)} has no stack.json`, {
      details: "point SOUNDMARK_DATA at the data folder of that npm start (the demo needs its generator and chain), or stop it and let the demo start its own stack",
    });
  }
  if (!apiKey || !/^sm_\S+$/.test(apiKey)) {
    throw new DemoError("SOUNDMARK_API_KEY must be an API key (sm_...) with the ingest and check scopes", {
      details: "npm start shows its first (admin) key once; with DATABASE_URL: npx soundmark apikey create --scope ingest,check",
    });
  }
  return demoStackFrom(info, serverUrl, apiKey);
}
