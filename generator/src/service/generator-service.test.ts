import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../audio/src/hash/sha256.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { DEFAULT_SAMPLING } from "../pipeline/generate-parameters.js";
import { trainTinyModel } from "../pipeline/testing/tiny-model.js";
import type { Job } from "./job.js";
import { JobStore } from "./job-store.js";
import { startGeneratorService, type GeneratorService } from "./start-generator-service.js";
import { readSse } from "./testing/sse-client.js";

let dataDir: string;
let service: GeneratorService;
const quiet = () => {};

const post = (body: unknown, raw?: string) =>
  fetch(`${service.url}/v1/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: raw ?? JSON.stringify(body) });
const getJob = async (id: string) => (await (await fetch(`${service.url}/v1/jobs/${id}`)).json()) as Record<string, any>;

/** Follows a job's events to the end; returns them parsed. */
async function follow(id: string): Promise<Array<{ event: string; job: Record<string, any> }>> {
  const response = await fetch(`${service.url}/v1/jobs/${id}/events`);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  return (await readSse(response)).map((e) => ({ event: e.event, job: JSON.parse(e.data) }));
}

/** Waits until the job's status satisfies `ok` (through its event stream, no polling). */
async function until(id: string, ok: (status: string) => boolean): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${service.url}/v1/jobs/${id}/events`, { signal: controller.signal });
  await readSse(response, (e) => {
    if (ok(JSON.parse(e.data).status)) controller.abort();
  }).catch(() => {});
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "generator-service-"));
  await trainTinyModel(path.join(dataDir, "models", "tiny"));
  service = await startGeneratorService({ dataDir, port: 0, capacity: 2, log: quiet });
}, 60_000);

afterAll(async () => {
  await service?.close();
});

describe("generator job service", () => {
  it("answers health and refuses bad requests with 400 and a clear message", async () => {
    expect(await (await fetch(`${service.url}/v1/health`)).json()).toEqual({ ok: true, queued: 0 });
    const cases: Array<[unknown, RegExp, string?]> = [
      [null, /not valid JSON/, "{not json"],
      [[1, 2], /JSON object/],
      [{ seconds: 5, seed: 1 }, /model must be/],
      [{ model: "../etc", seconds: 5, seed: 1 }, /model must be/],
      [{ model: "tiny", seed: 1 }, /seconds is required/],
      [{ model: "tiny", seconds: 5 }, /seed is required/],
      [{ model: "tiny", seconds: 99_999, seed: 1 }, /seconds must be a number from 1 to 600/],
      [{ model: "tiny", seconds: "ten", seed: 1 }, /seconds must be a number/],
      [{ model: "tiny", seconds: 5, seed: -3 }, /seed must be an integer/],
      [{ model: "tiny", seconds: 5, seed: 1, temperature: 50 }, /temperature/],
      [{ model: "tiny", seconds: 5, seed: 1, topP: 2 }, /topP/],
      [{ model: "tiny", seconds: 5, seed: 1, beamWidth: 0 }, /beamWidth/],
      [{ model: "tiny", seconds: 5, seed: 1, prompt: "!!not base64!!" }, /prompt must be a base64/],
      [{ model: "tiny", seconds: 5, seed: 1, prompt: Buffer.from("MThd garbage").toString("base64") }, /prompt is not a usable MIDI file/],
      [{ model: "tiny", seconds: 5, seed: 1, colour: "red" }, /unknown field "colour"/],
      [{ model: "nobody", seconds: 5, seed: 1 }, /unknown model "nobody"/],
    ];
    for (const [body, message, raw] of cases) {
      const response = await post(body, raw);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(json.error.message).toMatch(message);
    }
    const huge = await post(null, JSON.stringify({ model: "tiny", seconds: 5, seed: 1, prompt: "A".repeat(600_000) }));
    expect(huge.status).toBe(413);
    expect((await fetch(`${service.url}/v1/jobs/0123`)).status).toBe(404);
    expect((await fetch(`${service.url}/v1/jobs/${"ab".repeat(16)}`)).status).toBe(404);
    expect((await fetch(`${service.url}/v1/nothing`)).status).toBe(404);
  });

  it("runs a job: 202, progress over server-sent events, the manifest and the watermarked audio", async () => {
    const prompt = Buffer.from(syntheticCorpus(3, { pieces: 1, bars: 2 })[0]!.bytes);
    const response = await post({ model: "tiny", seconds: 6, seed: 7, temperature: 0.9, prompt: prompt.toString("base64") });
    expect(response.status).toBe(202);
    const { jobId, eventsUrl } = (await response.json()) as { jobId: string; eventsUrl: string };
    expect(response.headers.get("location")).toBe(`/v1/jobs/${jobId}`);
    expect(eventsUrl).toBe(`/v1/jobs/${jobId}/events`);

    const events = await follow(jobId);
    const progress = events.filter((e) => e.event === "progress").map((e) => e.job.progress.fraction as number);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true);
    const stages = new Set(events.map((e) => e.job.progress.stage));
    for (const stage of ["generate", "render", "watermark"]) expect(stages).toContain(stage);
    const last = events.at(-1)!;
    expect(last.event).toBe("job");
    expect(last.job.status).toBe("succeeded");

    const job = await getJob(jobId);
    expect(job).toMatchObject({ id: jobId, status: "succeeded", attempts: 1, progress: { fraction: 1 } });
    expect(job.request).toEqual({ model: "tiny", seconds: 6, seed: 7, sampling: { ...DEFAULT_SAMPLING, temperature: 0.9 }, promptBytes: prompt.length });
    const manifest = job.result.manifest;
    expect(manifest.generator).toMatchObject({ seed: 7, seconds: 6, style: "tiny-style", promptSha256: sha256(prompt) });
    expect(manifest.watermark.keyId).toBe(service.keyId);

    const audio = await fetch(`${service.url}${job.result.audioUrl}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toMatch(/audio\/wav/);
    const wav = new Uint8Array(await audio.arrayBuffer());
    expect(sha256(wav)).toBe(manifest.audio.sha256);
    expect(Buffer.from(await readFile(path.join(dataDir, job.result.wavPath))).equals(Buffer.from(wav))).toBe(true);
    const midi = await fetch(`${service.url}${job.result.midiUrl}`);
    expect(Buffer.from(await midi.arrayBuffer()).subarray(0, 4).toString()).toBe("MThd");

    // Finished jobs cannot be cancelled; their event stream replays the final state and ends.
    expect((await fetch(`${service.url}/v1/jobs/${jobId}`, { method: "DELETE" })).status).toBe(409);
    const replay = await follow(jobId);
    expect(replay.map((e) => e.job.status)).toEqual(["succeeded"]);
  }, 60_000);

  it("cancels running and queued jobs, and refuses work beyond the queue's bound with 429", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await post({ model: "tiny", seconds: 600, seed: 100 + i });
      expect(response.status).toBe(202);
      ids.push(((await response.json()) as { jobId: string }).jobId);
    }
    await until(ids[0]!, (s) => s === "running");
    // One running and two waiting fill a queue of capacity 2.
    const full = await post({ model: "tiny", seconds: 5, seed: 1 });
    expect(full.status).toBe(429);
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe("QUEUE_FULL");

    const queued = await fetch(`${service.url}/v1/jobs/${ids[2]}`, { method: "DELETE" });
    expect(queued.status).toBe(202);
    expect(((await queued.json()) as { status: string }).status).toBe("cancelled");
    expect((await fetch(`${service.url}/v1/jobs/${ids[0]}`, { method: "DELETE" })).status).toBe(202);
    const events = await follow(ids[0]!);
    expect(events.at(-1)!.job.status).toBe("cancelled");
    await until(ids[1]!, (s) => s === "running");
    expect((await fetch(`${service.url}/v1/jobs/${ids[1]}`, { method: "DELETE" })).status).toBe(202);
    expect((await follow(ids[1]!)).at(-1)!.job.status).toBe("cancelled");
    expect((await fetch(`${service.url}/v1/jobs/${ids[1]}/audio`)).status).toBe(409);
  }, 60_000);

  it("on a clean stop puts the running job back in the queue without spending an attempt", async () => {
    const response = await post({ model: "tiny", seconds: 600, seed: 5 });
    const { jobId } = (await response.json()) as { jobId: string };
    await until(jobId, (s) => s === "running");
    await service.close();
    const stored = new JobStore(path.join(dataDir, "jobs")).loadAll().find((j) => j.id === jobId)!;
    expect(stored).toMatchObject({ status: "queued", attempts: 0 });
    service = await startGeneratorService({ dataDir, port: 0, capacity: 2, log: quiet });
    await until(jobId, (s) => s === "running");
    expect((await getJob(jobId)).attempts).toBe(1);
    expect((await fetch(`${service.url}/v1/jobs/${jobId}`, { method: "DELETE" })).status).toBe(202);
    expect((await follow(jobId)).at(-1)!.job.status).toBe("cancelled");
  }, 60_000);

  it("after a restart, retries a job a crash left running once, then marks it failed; never loses one", async () => {
    await service.close();
    // What a crash leaves on disk: job files saying "running" (once and twice started).
    const store = new JobStore(path.join(dataDir, "jobs"));
    const crashed = (id: string, attempts: number): Job => ({
      id,
      status: "running",
      request: { model: "tiny", seconds: 5, seed: 11, sampling: DEFAULT_SAMPLING },
      progress: { stage: "generate", fraction: 0.4 },
      attempts,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    store.save(crashed("a".repeat(32), 1));
    store.save(crashed("b".repeat(32), 2));
    // A damaged job file (a disk error, a hand edit) is reported and skipped; it does not stop the service.
    await writeFile(path.join(dataDir, "jobs", `${"c".repeat(32)}.json`), "{ truncated");
    const logged: string[] = [];
    service = await startGeneratorService({ dataDir, port: 0, capacity: 2, log: (line) => logged.push(line) });

    const retried = await follow("a".repeat(32));
    expect(retried.at(-1)!.job).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(logged.join("\n")).toMatch(/retrying/);
    expect(logged.join("\n")).toMatch(/skipping unreadable job file .*cccc/);
    const failed = await getJob("b".repeat(32));
    expect(failed).toMatchObject({ status: "failed", error: { code: "INTERRUPTED" } });
    // Earlier jobs are all still there, with their final states.
    const statuses = store.loadAll().map((j) => j.status);
    expect(statuses.filter((s) => s === "succeeded").length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === "cancelled").length).toBe(4);
  }, 60_000);
});
