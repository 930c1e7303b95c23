import { formatEther, type Hex } from "viem";
import { connectChain } from "../../server/src/chain/connect.js";
import { demoAccount } from "./chain-accounts.js";
import { DemoError } from "./demo-error.js";
import type { DemoStack } from "./demo-stack.js";
import { soundmarkClient, type SoundmarkClient } from "./http-client.js";
import { artistLicence, type ArtistLicence } from "./steps/artist-licence.js";
import { checkExcerpt, type PlatformCheck } from "./steps/check-excerpt.js";
import { collectTrack, type CollectedTrack } from "./steps/collect-track.js";
import { generateTrack } from "./steps/generate-track.js";
import { registerTrack, type RegisteredTrack } from "./steps/register-track.js";
import { trainStyleModel, type TrainedStyleModel } from "./steps/train-style-model.js";

export interface RunDemoParameters {
  stack: DemoStack;
  /** Funded keys to act with; each absent one is a new key funded with hardhat_setBalance. */
  keys?: { artist?: Hex; collector?: Hex; registrant?: Hex };
  /** Length of the generated track in seconds (default 24: room for a 10-second excerpt from 5 s in). */
  trackSeconds?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface DemoSummary {
  licence: ArtistLicence;
  model: TrainedStyleModel;
  generated: { jobId: string; sha256: string; modelHash: string; seed: number; watermarkKeyId: string; snrDb: number | null; seconds: number };
  registered: RegisteredTrack;
  collected: CollectedTrack;
  check: PlatformCheck;
  /** Wall-clock seconds per step. */
  timings: Record<string, number>;
}

/**
 * The whole story against a running stack, one step after the other; each step checks its own outcome and throws a
 * DemoError naming what went wrong. Returns what each step produced.
 */
export async function runDemo({ stack, keys = {}, trackSeconds = 24, seed = 7, log = () => {} }: RunDemoParameters): Promise<DemoSummary> {
  const api = soundmarkClient(stack.serverUrl, stack.apiKey);
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, title: string, run: () => Promise<T>, describe: (result: T) => string[]): Promise<T> => {
    log(`\n== ${name}: ${title}`);
    const started = Date.now();
    try {
      const result = await run();
      timings[name] = (Date.now() - started) / 1000;
      for (const line of describe(result)) log(`   ${line}`);
      log(`   ok (${timings[name]!.toFixed(1)} s)`);
      return result;
    } catch (error) {
      if (error instanceof DemoError) throw new DemoError(`step "${name}" failed: ${error.shortMessage}`, { details: error.details, cause: error });
      throw new DemoError(`step "${name}" failed`, { details: error instanceof Error ? error.message : String(error), cause: error });
    }
  };

  const { artist, collector, registrant } = await step(
    "preflight",
    "the server, the generator worker and the chain answer; the artist and the collector get funded keys",
    () => preflight(stack, api, keys),
    (p) => [
      `server ${stack.serverUrl}, generator ${stack.generatorUrl}, chain ${stack.rpcUrl} (id ${stack.chainId})`,
      `artist ${p.artist.walletClient.account.address}, collector ${p.collector.walletClient.account.address}, registrant (server signer) ${stack.signer}`,
    ],
  );

  const licence = await step(
    "licence",
    "the artist signs in with Ethereum, registers a style and licenses it to the server's signer",
    () => artistLicence(stack, api, artist, `ipfs://soundmark-demo/style-of-${artist.walletClient.account.address.toLowerCase()}`),
    (l) => [`artist ${l.artist}`, `style ${l.styleId} (transaction ${l.styleTransaction})`, `licence ${l.licenceId} to ${stack.signer} (transaction ${l.licenceTransaction})`],
  );
  const model = await step(
    "train",
    "the generator trains a small style model on a corpus in the artist's style",
    () => trainStyleModel({ modelsDir: stack.generatorModelsDir, styleId: licence.styleId, log: (line) => log(`   ${line}`) }),
    (m) => [`model ${m.name} (hash ${m.modelHash}), style token ${m.styleToken}`, `${m.pieces} pieces, final train loss ${m.trainLoss.toFixed(3)}, ${m.backend}`],
  );
  const generated = await step(
    "generate",
    "the generator worker generates and watermarks a track (its HTTP job API)",
    () => generateTrack({ generatorUrl: stack.generatorUrl, model: model.name, seconds: trackSeconds, seed, temperature: 0.9, log: (line) => log(`   ${line}`) }),
    (g) => [
      `${g.manifest.audio.durationSeconds.toFixed(1)} s, ${g.manifest.generator.notes} notes, sha256 ${g.manifest.audio.sha256}`,
      `watermark ${g.manifest.watermark.scheme} key ${g.manifest.watermark.keyId}, payload ${g.manifest.watermark.payload}, SNR ${g.manifest.watermark.snrDb?.toFixed(1) ?? "-"} dB`,
    ],
  );
  const registered = await step(
    "register",
    "the server registers the track with the generator's claim (POST /v1/tracks)",
    () => registerTrack({ api, serverUrl: stack.serverUrl, wav: generated.wav, manifest: generated.manifest, styleId: licence.styleId, licenceId: licence.licenceId }),
    (r) => [`registered in transaction ${r.transactionHash} (block ${r.blockNumber})`, `audio ipfs://${r.cid}, manifest ipfs://${r.manifestCid}`],
  );
  const collected = await step(
    "collect",
    "the registrant lists the track on TrackNFT, a collector mints it, the artist withdraws the royalty",
    () => collectTrack({ stack, sha256: registered.sha256, registrant, collector, artist }),
    (c) => [
      `token ${c.tokenId.toString(16).slice(0, 16)}… listed (${c.listTransaction}), minted by ${c.collector} for ${formatEther(c.price)} ETH (${c.mintTransaction})`,
      `settled (${c.settleTransaction}): artist ${formatEther(c.artistShare)} ETH, registrant ${formatEther(c.registrantShare)} ETH`,
      `the artist withdrew ${formatEther(c.artistShare)} ETH (${c.withdrawTransaction})`,
    ],
  );
  const check = await step(
    "check",
    "a platform checks a 10-second MP3 (128 kbps) excerpt of the track (POST /v1/check)",
    () => checkExcerpt({ api, wav: generated.wav, sha256: registered.sha256, cid: registered.cid }),
    (c) => [
      `verdict: aiGenerated ${c.aiGenerated}; ${c.reasons.join("; ")}`,
      `watermark: ${c.watermark?.detected ? `detected (false-positive probability ${c.watermark.falsePositiveProbability?.toExponential(1)})` : "not detected"}`,
      c.sentence,
    ],
  );
  return {
    licence,
    model,
    generated: {
      jobId: generated.jobId,
      sha256: generated.manifest.audio.sha256,
      modelHash: generated.manifest.generator.modelHash,
      seed: generated.manifest.generator.seed,
      watermarkKeyId: generated.manifest.watermark.keyId,
      snrDb: generated.manifest.watermark.snrDb,
      seconds: generated.manifest.audio.durationSeconds,
    },
    registered,
    collected,
    check,
    timings,
  };
}

/** Fails fast, before anything is written on-chain, when a part of the stack is missing. */
async function preflight(stack: DemoStack, api: SoundmarkClient, keys: NonNullable<RunDemoParameters["keys"]>) {
  const health = await api.getJson(`${stack.serverUrl}/healthz`);
  if (health.status !== "ok") throw new DemoError("the server is not healthy", { details: JSON.stringify(health.checks) });
  await api.getJson(`${stack.generatorUrl}/v1/health`);
  const artist = await demoAccount(stack.rpcUrl, keys.artist, "10", "artist");
  if (artist.chain.id !== stack.chainId) throw new DemoError(`the chain at ${stack.rpcUrl} is chain ${artist.chain.id}, the server's is ${stack.chainId}`);
  const collector = await demoAccount(stack.rpcUrl, keys.collector, "10", "collector");
  const registrant = await connectChain({ rpcUrl: stack.rpcUrl, ...(keys.registrant ? { privateKey: keys.registrant } : {}) });
  if (registrant.walletClient.account.address.toLowerCase() !== stack.signer.toLowerCase()) {
    throw new DemoError(`the server's signer ${stack.signer} is not the node's first unlocked account`, {
      details: "set DEMO_REGISTRANT_KEY to the server's PRIVATE_KEY so the demo can list the track as its registrant",
    });
  }
  return { artist, collector, registrant };
}
