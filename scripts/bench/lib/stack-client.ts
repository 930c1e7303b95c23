/**
 * What the reliability benches ask of a running stack over its public doors: uploads (POST /v1/tracks), checks
 * (POST /v1/check), a track's status (GET /v1/tracks/:sha256), and the chain's own account of registrations
 * (TrackRegistered events of SoundmarkRegistry, counted per content hash).
 */
import { createHash } from "node:crypto";
import { createPublicClient, http, parseAbiItem, type Hex } from "viem";
import { readDeployment } from "../../../server/src/chain/deployment.js";
import { encodeWav } from "../../../generator/audio/src/encode/wav-writer.js";
import { excerpt, syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { encodeMp3 } from "../../../generator/audio/src/encode/mp3-writer.js";

/** An HTTP answer, or the transport failure (connection refused/reset) that stood in for one. */
export interface HttpOutcome {
  status: number | null;
  ms: number;
  body: string;
  /** The fetch error when no answer came (status null). */
  transportError?: string;
}

/** A distinct synthetic song as a 16-bit WAV file, with its sha256 (what the registry keys the track by). */
export function syntheticSong(seed: number, seconds: number, sampleRate = 22_050): { wav: Uint8Array; sha256: string } {
  const wav = encodeWav(syntheticMusic({ seed, durationSeconds: seconds, sampleRate }), "s16");
  return { wav, sha256: createHash("sha256").update(wav).digest("hex") };
}

/** A 128 kbps MP3 of `seconds` of the song of `seed` from `startSeconds`: what a platform sends to checkAudio. */
export function mp3Excerpt(seed: number, songSeconds: number, startSeconds: number, seconds: number, sampleRate = 22_050): Uint8Array {
  return encodeMp3(excerpt(syntheticMusic({ seed, durationSeconds: songSeconds, sampleRate }), startSeconds, seconds), 128);
}

/** POSTs a multipart body with `file` (and optional extra fields); never throws: transport failures come back as status null. */
export async function postFile(
  url: string,
  apiKey: string | null,
  file: Uint8Array,
  filename: string,
  contentType = "application/octet-stream",
  timeoutMs = 120_000,
): Promise<HttpOutcome> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)], { type: contentType }), filename);
  return request(url, { method: "POST", body: form, headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} }, timeoutMs);
}

/** fetch that reports instead of throwing. */
export async function request(url: string, init: RequestInit, timeoutMs = 60_000): Promise<HttpOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { status: null, ms: performance.now() - started, body: "", transportError: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/** The REST view of a track (GET /v1/tracks/:sha256), or null when unknown or unreachable. */
export async function trackStatus(baseUrl: string, sha256: string): Promise<TrackState | null> {
  const outcome = await request(`${baseUrl}/v1/tracks/${sha256}`, {}, 10_000);
  if (outcome.status !== 200) return null;
  return JSON.parse(outcome.body) as TrackState;
}

/** The fields of GET /v1/tracks/:sha256 the benches read. */
export interface TrackState {
  status: string;
  stage: string | null;
  errorCode: string | null;
  error: string | null;
  transactionHash: string | null;
}

/**
 * Polls every sha256 until each is `registered` or `failed` (or the deadline passes); returns the last status of each
 * ("unknown" when the server has no record of it).
 */
export async function waitForSettled(baseUrl: string, shas: readonly string[], timeoutMs: number, onPoll?: (pending: number) => void): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = shas.filter((s) => last.get(s) !== "registered" && last.get(s) !== "failed");
    for (const sha of pending) last.set(sha, (await trackStatus(baseUrl, sha))?.status ?? "unknown");
    const still = shas.filter((s) => last.get(s) !== "registered" && last.get(s) !== "failed").length;
    onPoll?.(still);
    if (still === 0 || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const TRACK_REGISTERED = parseAbiItem(
  "event TrackRegistered(bytes32 indexed contentHash, address indexed registrant, uint32 indexed styleId, uint8 kind, uint64 licenceId, bytes32[] parents, bytes32 manifestDigest)",
);
const BATCH_ANCHORED = parseAbiItem("event BatchAnchored(bytes32 indexed root, address indexed anchorer, uint32 size, bytes32 leavesDigest)");

/** The chain's own count of registrations: TrackRegistered events per content hash (bare hex), and anchored batches. */
export async function registrationsOnChain(rpcUrl: string, deploymentsDir: string): Promise<{ perHash: Map<string, number>; batchesAnchored: number }> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId();
  const deployment = await readDeployment(deploymentsDir, chainId);
  if (!deployment) throw new Error(`no Soundmark deployment for chain ${chainId} in ${deploymentsDir}`);
  const address = deployment.contracts.SoundmarkRegistry.address;
  const fromBlock = BigInt(deployment.contracts.SoundmarkRegistry.blockNumber);
  const [registered, batches] = await Promise.all([
    client.getLogs({ address, event: TRACK_REGISTERED, fromBlock, toBlock: "latest" }),
    client.getLogs({ address, event: BATCH_ANCHORED, fromBlock, toBlock: "latest" }),
  ]);
  const perHash = new Map<string, number>();
  for (const log of registered) {
    const hash = (log.args.contentHash as Hex).slice(2).toLowerCase();
    perHash.set(hash, (perHash.get(hash) ?? 0) + 1);
  }
  return { perHash, batchesAnchored: batches.length };
}
