import type { TrackManifest } from "../../../generator/src/pipeline/track-manifest.js";
import { DemoError } from "../demo-error.js";
import type { SoundmarkClient } from "../http-client.js";

export interface RegisteredTrack {
  sha256: string;
  jobId: string;
  cid: string;
  manifestCid: string;
  transactionHash: `0x${string}`;
  blockNumber: number;
}

export interface RegisterTrackParameters {
  api: SoundmarkClient;
  serverUrl: string;
  wav: Uint8Array;
  manifest: TrackManifest;
  styleId: string;
  licenceId: string;
  timeoutMs?: number;
}

/**
 * The generator operator submits the track with its claim (style, licence, model hash, seed, sampling parameters) on
 * POST /v1/tracks; the server's pipeline stores it on IPFS, indexes its fingerprint and registers it on-chain. Waits
 * for the registration and for the indexer to have read it (provenance answers from the indexed chain).
 */
export async function registerTrack({ api, serverUrl, wav, manifest, styleId, licenceId, timeoutMs = 120_000 }: RegisterTrackParameters): Promise<RegisteredTrack> {
  const { generator } = manifest;
  const params: Record<string, string | number | boolean> = { seconds: generator.seconds, style: generator.style };
  for (const [key, value] of Object.entries(generator.sampling)) {
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") params[key] = value;
  }
  const claim = { styleId: Number(styleId), licenceId: Number(licenceId), modelHash: generator.modelHash, seed: generator.seed, params };
  const accepted = await api.upload("/v1/tracks", wav, "generated.wav", { generator: JSON.stringify(claim) });
  if (accepted.status !== 202) throw new DemoError(`POST /v1/tracks answered ${accepted.status}`, { details: JSON.stringify(accepted.body) });
  const sha256 = accepted.body.sha256 as string;
  if (sha256 !== manifest.audio.sha256) throw new DemoError("the server hashed the upload differently", { details: `${sha256} vs ${manifest.audio.sha256}` });

  const until = Date.now() + timeoutMs;
  let track: any;
  for (;;) {
    track = await api.getJson(`${serverUrl}/v1/tracks/${sha256}`);
    if (track.status === "registered") break;
    if (track.status === "failed") throw new DemoError(`the server could not register the track`, { details: `${track.errorCode}: ${track.error}` });
    if (Date.now() > until) throw new DemoError(`the track is still ${track.status} (${track.stage}) after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let blockNumber: number;
  for (;;) {
    const { provenance } = await api.graphql("query($s: String!) { provenance(sha256: $s) { blockNumber } }", { s: sha256 });
    if (provenance?.blockNumber) {
      blockNumber = Number(provenance.blockNumber);
      break;
    }
    if (Date.now() > until) throw new DemoError("the indexer has not read the registration", { details: `transaction ${track.transactionHash}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    sha256,
    jobId: accepted.body.jobId,
    cid: track.cid,
    manifestCid: track.manifestCid,
    transactionHash: track.transactionHash,
    blockNumber,
  };
}
