import { expect, it } from "vitest";
import { describeStores } from "../store/testing/test-stores.js";
import { validateGeneratorClaim } from "./generator-claim.js";
import { JobQueue } from "./job-queue.js";

const upload = (n: number) => ({ sha256: n.toString(16).padStart(64, "0"), sizeBytes: 1000 + n, path: `/uploads/${n}` });
const original = validateGeneratorClaim(undefined, "f".repeat(64));

describeStores("job queue", (getStore) => {
  it("says no job waits when the queue is empty (an idle worker sleeps instead of polling)", async () => {
    const queue = new JobQueue(getStore(), 600);
    expect(await queue.msUntilNextJob()).toBeNull();
  });

  it("is idempotent by sha256", async () => {
    const queue = new JobQueue(getStore(), 600);
    const first = await queue.enqueue(upload(1), original, { originalName: "a.wav" });
    const second = await queue.enqueue(upload(1), original, { originalName: "other.wav" });
    expect(second.jobId).toBe(first.jobId);
    expect(first).toMatchObject({ status: "queued", stage: "decode", attempts: 0, cid: null });
    expect(await queue.get(first.jobId)).toEqual(await queue.get(upload(1).sha256));
  });

  it("hands each job to one worker only, even when they claim at once", async () => {
    const queue = new JobQueue(getStore(), 600);
    for (const n of [10, 11, 12]) await queue.enqueue(upload(n), original, {});
    const claims = await Promise.all(["w/0", "w/1", "w/2", "w/3", "w/4"].map((owner) => queue.claim(owner)));
    const claimed = claims.filter((c) => c !== null).map((c) => c.sha256);
    // jobs 1, 10, 11, 12 are runnable: each claimed once
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(4);
    expect(await queue.claim("w/5")).toBeNull();
  });

  it("commits a stage only for the lease holder", async () => {
    const queue = new JobQueue(getStore(), 600);
    await queue.enqueue(upload(20), original, {});
    let job = await queue.claim("a/0");
    while (job && job.sha256 !== upload(20).sha256) job = await queue.claim("a/0");
    expect(job).not.toBeNull();
    expect(await queue.completeStage(job!, "intruder/0", { format: "wav" }, "hashes")).toBe(false);
    expect((await queue.track(job!.sha256)).format).toBeNull();
    expect(await queue.completeStage(job!, "a/0", { format: "wav", sample_rate: 16000 }, "hashes")).toBe(true);
    expect(await queue.track(job!.sha256)).toMatchObject({ format: "wav", sample_rate: 16000 });
    expect(await queue.get(job!.jobId)).toMatchObject({ status: "processing", stage: "hashes", progress: 1 / 8 });
  });

  it("backs a transient failure off, fails a permanent one, and queues a failed job again on resubmit", async () => {
    const queue = new JobQueue(getStore(), 600);
    await queue.enqueue(upload(30), original, {});
    let job = await queue.claim("b/0");
    while (job && job.sha256 !== upload(30).sha256) job = await queue.claim("b/0");
    await queue.fail(job!, "b/0", "decode", { message: "down", code: "X" }, { permanent: false, delayMs: 3_600_000, maxAttempts: 5 });
    expect(await queue.get(job!.jobId)).toMatchObject({ status: "queued", attempts: 1, error: "down", errorCode: "X" });
    expect(await queue.msUntilNextJob()).toBeGreaterThan(0); // waiting for its retry time
    expect(await queue.claim("b/1")).toBeNull();

    await queue.enqueue(upload(31), original, {});
    let other = await queue.claim("b/0");
    expect(other?.sha256).toBe(upload(31).sha256);
    await queue.fail(other!, "b/0", "decode", { message: "Corrupt audio", code: "CORRUPT_AUDIO" }, { permanent: true, delayMs: 0, maxAttempts: 5 });
    expect(await queue.get(other!.jobId)).toMatchObject({ status: "failed", stage: "decode", attempts: 1 });

    const again = await queue.enqueue(upload(31), original, {});
    expect(again).toMatchObject({ jobId: other!.jobId, status: "queued", attempts: 0, stage: "decode" });
  });

  it("takes back the leases of a dead worker by its name", async () => {
    const queue = new JobQueue(getStore(), 600);
    await queue.enqueue(upload(40), original, {});
    let job = await queue.claim("dead-host/0");
    while (job && job.sha256 !== upload(40).sha256) job = await queue.claim("dead-host/0");
    expect(await queue.releaseStaleLeases("live-host/")).toBe(0);
    expect(await queue.releaseStaleLeases("dead-host/")).toBeGreaterThanOrEqual(1);
    expect(await queue.get(job!.jobId)).toMatchObject({ status: "queued" });
  });
});
