import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEventLogs } from "viem";
import { encodeWav } from "../../../../generator/audio/src/encode/wav-writer.js";
import { SoundmarkIndex } from "../../../../generator/audio/src/index/index.js";
import type { Pcm } from "../../../../generator/audio/src/pcm.js";
import { syntheticMusic } from "../../../../generator/audio/src/testing/synthetic-music.js";
import { embedWatermark, type WatermarkKey } from "../../../../generator/audio/src/watermark/index.js";
import { watermarkKeyId } from "../../../../generator/audio/src/watermark/watermark-key.js";
import { soundmarkRegistryAbi } from "../../chain/abi/SoundmarkRegistry.js";
import type { Deployment } from "../../chain/deployment.js";
import { startEdrChain, type EdrChain } from "../../chain/testing/edr-chain.js";
import { createTrackRegistrar } from "../../chain/track-registrar.js";
import { openIpfs, type IpfsStore } from "../../ipfs/index.js";
import type { Store } from "../../store/index.js";
import type { IngestJob, IngestStatus } from "../ingest-job.js";
import { createIngestPipeline, type CreateIngestPipelineParameters, type IngestPipeline } from "../ingest-pipeline.js";
import type { TrackRegistrar } from "../track-registrar.js";

/**
 * Every real component of an ingest, started for a test: the given store, Helia on a temp dir, an in-process EDR
 * chain with the contracts deployed, the real registrar, a landmark index on disk, a watermark key, and a style
 * whose artist is the registrant (so generated tracks may register without a licence).
 */
export interface IngestHarness {
  dataDir: string;
  store: Store;
  ipfs: IpfsStore;
  chain: EdrChain;
  deployment: Deployment;
  registrar: TrackRegistrar;
  index: SoundmarkIndex;
  watermarkKey: WatermarkKey;
  styleId: number;
  /** A pipeline over the harness's components (not started; stopped by close). */
  createPipeline(overrides?: Partial<CreateIngestPipelineParameters>): IngestPipeline;
  /** Writes a 16-bit WAV to a fresh temp file and returns its path (the pipeline takes such files over). */
  writeWav(pcm: Pcm): Promise<string>;
  /** Synthetic music marked with the harness key and `payload` (8 bytes). */
  watermarkedMusic(seed: number, seconds: number, payload?: Uint8Array): Pcm;
  /** Resolves with the job once it reaches one of `statuses` (registered or failed by default). */
  waitForJob(pipeline: IngestPipeline, sha256: string, statuses?: IngestStatus[]): Promise<IngestJob>;
  /** TrackRegistered events of this content hash on-chain. */
  registrations(sha256: string): Promise<number>;
  close(): Promise<void>;
}

const HARNESS_SECRET = createHash("sha256").update("soundmark ingest harness watermark key").digest("hex");
export const HARNESS_WATERMARK_KEY: WatermarkKey = { keyId: watermarkKeyId(HARNESS_SECRET), secret: HARNESS_SECRET };

export const HARNESS_PAYLOAD = Uint8Array.from([0x53, 0x4d, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef]);

export async function startIngestHarness({ store }: { store: Store }): Promise<IngestHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), "soundmark-ingest-"));
  const ipfs = await openIpfs({ dataDir });
  const chain = await startEdrChain();
  const deployment = await chain.deploy();
  const walletClient = chain.wallet(0);
  const registrar = createTrackRegistrar({ publicClient: chain.publicClient, walletClient, deployment, store, confirmations: 1 });
  const index = SoundmarkIndex.open(join(dataDir, "index"));
  // A fixed key: on the sparse synthetic songs of tests, watermark v2's detection margin depends on the key's pattern
  // (generator/audio/src/watermark/README.md, limits); real music does not need this. The wrong-key cases use fresh keys.
  const watermarkKey = HARNESS_WATERMARK_KEY;
  const registry = deployment.contracts.SoundmarkRegistry.address;

  const hash = await walletClient.writeContract({
    address: registry,
    abi: soundmarkRegistryAbi,
    functionName: "registerStyle",
    args: [
      "ipfs://style-metadata",
      { fee: 0n, royaltyBps: 500, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: false },
    ],
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error("registerStyle failed");
  const [registered] = parseEventLogs({ abi: soundmarkRegistryAbi, logs: receipt.logs, eventName: "StyleRegistered" });
  if (!registered) throw new Error("registerStyle emitted no StyleRegistered");
  const styleId = Number(registered.args.styleId);
  let files = 0;
  const pipelines: IngestPipeline[] = [];

  return {
    dataDir,
    store,
    ipfs,
    chain,
    deployment,
    registrar,
    index,
    watermarkKey,
    styleId,
    createPipeline: (overrides = {}) => {
      const pipeline = createIngestPipeline({
        store,
        ipfs,
        registrar,
        index,
        watermarkKeys: [watermarkKey],
        dataDir,
        limits: { maxUploadBytes: 50 * 1024 * 1024, maxDurationSeconds: 600 },
        retry: { baseDelayMs: 0, maxAttempts: 3 },
        pollIntervalMs: 50,
        ...overrides,
      });
      pipelines.push(pipeline);
      return pipeline;
    },
    async writeWav(pcm) {
      const path = join(dataDir, `upload-${process.pid}-${++files}.wav`);
      await writeFile(path, encodeWav(pcm, "s16"));
      return path;
    },
    watermarkedMusic(seed, seconds, payload = HARNESS_PAYLOAD) {
      return embedWatermark(syntheticMusic({ seed, durationSeconds: seconds, sampleRate: 16_000 }), watermarkKey, payload).pcm;
    },
    waitForJob(pipeline, sha256, statuses = ["registered", "failed"]) {
      return new Promise((resolve, reject) => {
        const listener = (job: IngestJob) => {
          if (job.sha256 !== sha256 || !statuses.includes(job.status)) return;
          pipeline.off("progress", listener);
          resolve(job);
        };
        pipeline.on("progress", listener);
        pipeline.getJob(sha256).then((job) => {
          if (job && statuses.includes(job.status)) listener(job);
        }, reject);
      });
    },
    async registrations(sha256) {
      const events = await chain.publicClient.getContractEvents({
        address: registry,
        abi: soundmarkRegistryAbi,
        eventName: "TrackRegistered",
        args: { contentHash: `0x${sha256}` },
        fromBlock: 0n,
      });
      return events.length;
    },
    async close() {
      await Promise.all(pipelines.map((p) => p.stop()));
      await registrar.close();
      index.close();
      await ipfs.close();
      await chain.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
