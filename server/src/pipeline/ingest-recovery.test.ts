import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { createTrackRegistrar } from "../chain/track-registrar.js";
import { openIpfs } from "../ipfs/index.js";
import { openStore, type Store } from "../store/index.js";
import { syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { describeStores } from "../store/testing/test-stores.js";
import { createIngestPipeline, SimulatedCrashError, type IngestJob, type StageName } from "./index.js";
import { startIngestHarness, type IngestHarness } from "./testing/ingest-harness.js";

const sha256Of = async (path: string) => createHash("sha256").update(await readFile(path)).digest("hex");

describeStores("ingest pipeline recovery", (getStore) => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness({ store: getStore() });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each<StageName>(["fingerprint", "register", "index"])(
    "resumes after a crash right after the %s stage, and registers once",
    async (crashAfter) => {
      const seed = 100 + ["fingerprint", "register", "index"].indexOf(crashAfter);
      const path = await h.writeWav(syntheticMusic({ seed, durationSeconds: 6, sampleRate: 16_000 }));
      const sha256 = await sha256Of(path);
      let crashed!: () => void;
      const crash = new Promise<void>((resolve) => (crashed = resolve));
      const first = h.createPipeline({
        faults: {
          afterStage(stage) {
            if (stage !== crashAfter) return;
            crashed();
            throw new SimulatedCrashError(stage);
          },
        },
      });
      first.start();
      await first.submit({ filePath: path, generator: { styleId: h.styleId } });
      await crash;
      await first.stop();
      // the crash left the job mid-way: leased, at the stage whose output was never committed
      const stuck = await first.getJob(sha256);
      expect(stuck).toMatchObject({ status: "processing", stage: crashAfter });
      if (crashAfter === "register" || crashAfter === "index") expect(await h.registrations(sha256)).toBe(1);

      const restarted = h.createPipeline();
      restarted.start();
      const job = await h.waitForJob(restarted, sha256);
      await restarted.stop();
      expect(job).toMatchObject({ status: "registered", progress: 1 });
      expect(await h.registrations(sha256)).toBe(1);
      expect(h.index.has(sha256)).toBe(true);
    },
  );

  it("gives a job back as soon as the database answers again after an outage mid-stage, instead of waiting out its lease", async () => {
    // A fault injected on purpose: the database stops answering after the manifest stage ran (a restart), so neither
    // the stage's commit nor the failure can be recorded; it answers again 300 ms later.
    const store = getStore();
    let down = false;
    const unreachable = () => Promise.reject(new Error("Connection terminated unexpectedly"));
    const flakyStore: Store = {
      kind: store.kind,
      writeGeneration: null,
      query: (text, params) => (down ? unreachable() : store.query(text, params)),
      transaction: (fn) => (down ? unreachable() : store.transaction(fn)),
      close: () => store.close(),
    };
    let outages = 1;
    const pipeline = h.createPipeline({
      store: flakyStore,
      leaseSeconds: 600,
      faults: {
        afterStage(stage) {
          if (stage !== "manifest" || outages-- <= 0) return;
          down = true;
          setTimeout(() => (down = false), 300);
        },
      },
    });
    pipeline.start();
    const path = await h.writeWav(syntheticMusic({ seed: 12, durationSeconds: 8, sampleRate: 16_000 }));
    const sha = await sha256Of(path);
    await pipeline.submit({ filePath: path });
    const job = await h.waitForJob(pipeline, sha);
    await pipeline.stop();
    // Registered within this test's time, not after the 10-minute lease; and once.
    expect(job).toMatchObject({ status: "registered" });
    expect(await h.registrations(sha)).toBe(1);
  });

  it("retries a transient failure, and fails a job after the last attempt", async () => {
    let outages = 1;
    const flaky = h.createPipeline({
      faults: {
        afterStage(stage) {
          if (stage === "ipfs" && outages-- > 0) throw new Error("connect ECONNREFUSED 127.0.0.1:5001");
        },
      },
    });
    const events: IngestJob[] = [];
    flaky.on("progress", (job) => events.push(job));
    flaky.start();
    const path = await h.writeWav(syntheticMusic({ seed: 11, durationSeconds: 8, sampleRate: 16_000 }));
    const sha = await sha256Of(path);
    await flaky.submit({ filePath: path });
    const job = await h.waitForJob(flaky, sha);
    await flaky.stop();
    expect(job.status).toBe("registered");
    expect(events.some((e) => e.status === "queued" && e.stage === "ipfs" && e.error?.includes("ECONNREFUSED"))).toBe(true);

    const down = h.createPipeline({
      retry: { baseDelayMs: 0, maxAttempts: 2 },
      faults: {
        afterStage(stage) {
          if (stage === "hashes") throw new Error("fetch failed");
        },
      },
    });
    down.start();
    const path2 = await h.writeWav(syntheticMusic({ seed: 12, durationSeconds: 4, sampleRate: 16_000 }));
    const sha2 = await sha256Of(path2);
    await down.submit({ filePath: path2 });
    const failed = await h.waitForJob(down, sha2, ["failed"]);
    await down.stop();
    expect(failed).toMatchObject({ status: "failed", stage: "hashes", attempts: 2, error: "fetch failed" });
  });
});

describe("ingest pipeline across a process restart (PGlite, Helia and the index on disk)", () => {
  let h: IngestHarness;
  let dataDir: string;
  beforeAll(async () => {
    // the harness supplies the chain; this test opens its own on-disk components twice, as two processes would
    const scratch = await openStore({});
    h = await startIngestHarness({ store: scratch });
    dataDir = await mkdtemp(join(tmpdir(), "soundmark-restart-"));
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await h?.store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function openProcess(faults?: Parameters<typeof createIngestPipeline>[0]["faults"]) {
    const store = await openStore({ dataDir: join(dataDir, "db") });
    const ipfs = await openIpfs({ dataDir });
    const index = SoundmarkIndex.open(join(dataDir, "index"));
    const registrar = createTrackRegistrar({
      publicClient: h.chain.publicClient,
      walletClient: h.chain.wallet(1),
      deployment: h.deployment,
      store,
      confirmations: 1,
    });
    const pipeline = createIngestPipeline({
      store,
      ipfs,
      registrar,
      index,
      watermarkKeys: [h.watermarkKey],
      dataDir,
      limits: { maxUploadBytes: 50 * 1024 * 1024, maxDurationSeconds: 600 },
      retry: { baseDelayMs: 0 },
      pollIntervalMs: 50,
      ...(faults ? { faults } : {}),
    });
    const close = async () => {
      await pipeline.stop();
      await registrar.close();
      index.close();
      await ipfs.close();
      await store.close();
    };
    return { store, ipfs, index, pipeline, close };
  }

  it("resumes from the data folder after the process died between register and its commit", async () => {
    const path = await h.writeWav(syntheticMusic({ seed: 300, durationSeconds: 6, sampleRate: 16_000 }));
    const sha = await sha256Of(path);
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    const first = await openProcess({
      afterStage(stage) {
        if (stage !== "register") return;
        crashed();
        throw new SimulatedCrashError(stage);
      },
    });
    first.pipeline.start();
    await first.pipeline.submit({ filePath: path });
    await crash;
    await first.close();
    expect(await h.registrations(sha)).toBe(1);

    const second = await openProcess();
    expect(await second.pipeline.getJob(sha)).toMatchObject({ status: "processing", stage: "register" });
    second.pipeline.start();
    const job = await h.waitForJob(second.pipeline, sha);
    expect(job).toMatchObject({ status: "registered", progress: 1 });
    expect(job.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await h.registrations(sha)).toBe(1);
    expect(second.index.has(sha)).toBe(true);
    expect((await second.ipfs.cat(job.manifestCid!)).length).toBeGreaterThan(0);
    await second.close();
  });
});
