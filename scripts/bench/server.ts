/**
 * Server benchmark (issue 6): ingest throughput of 3-minute tracks end to end with the time per stage, `POST /v1/check`
 * of a 10-second 128 kbps MP3 clip against an index of --tracks registered tracks, and the provenance query, both under
 * concurrent load from a second process (autocannon). The whole stack is real: EDR chain over JSON-RPC, PGlite and
 * Helia on disk, the durable pipeline, registrar and indexer, the HTTP edge.
 *
 * Each load test runs twice: closed loop with autocannon (capacity; latency at saturation is mostly queueing), then
 * paced at half that capacity, open loop (scripts/bench/lib/open-loop-load.ts: requests evenly scheduled, latency from
 * the scheduled time; the latency of a loaded, not overloaded, server).
 *
 *   npx tsx scripts/bench/server.ts [--quick] [--tracks 10000] [--ingest 4] [--connections 4] [--duration 20] [--only check|provenance]
 *
 * `--only` runs one of the two load tests (after the ingest, which both need), for profiling; it writes no JSON.
 * Prints a table, writes bench/results/server.json (server-quick.json with --quick).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { network } from "hardhat";
import { createPublicClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import { loadConfig } from "../../server/src/config/index.js";
import type { IngestJob } from "../../server/src/pipeline/index.js";
import { startServer } from "../../server/src/server.js";
import type { LoadSummary, OpenLoopResult, OpenLoopSpec } from "./lib/open-loop-load.js";
import { fillIndex } from "./server-index.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
};
const TRACKS = arg("tracks", quick ? 500 : 10_000);
const INGEST = arg("ingest", quick ? 2 : 4);
const CONNECTIONS = arg("connections", 4);
const DURATION = arg("duration", quick ? 5 : 20);
const onlyAt = args.indexOf("--only");
const ONLY = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
if (ONLY !== undefined && ONLY !== "check" && ONLY !== "provenance") throw new Error("--only takes check or provenance");
const EMPTY_LOAD = { requests: 0, requestsPerSecond: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, errors: 0, non2xx: 0, serverCpuMsPerRequest: 0 };
const TRACK_SECONDS = 180;
const PACED_METHOD = "open loop (scripts/bench/lib/open-loop-load.ts): evenly scheduled, latency from the scheduled time";
const CHECK_TARGET_P50_MS = 100;
const PROVENANCE_TARGET_P99_MS = 20;
const PROVENANCE_FIXED_RATE = 1000;

const root = resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "soundmark-bench-server-"));
const log = (line: string) => console.log(line);

// ---- the stack
const chainServer = await network.createServer("default", "127.0.0.1", 0);
const { address, port } = await chainServer.listen();
const rpcUrl = `http://${address}:${port}`;
const chainClient = createPublicClient({ transport: http(rpcUrl) });
const signerKey = generatePrivateKey();
await chainClient.request({ method: "hardhat_setBalance", params: [privateKeyToAccount(signerKey).address, `0x${parseEther("1000").toString(16)}`] } as never);

log(`filling the fingerprint index with ${TRACKS} stand-in tracks of ${TRACK_SECONDS} s ...`);
const config = { ...loadConfig({ SOUNDMARK_DATA: dataDir }), port: 0 };
const filled = fillIndex(config.paths.index, TRACKS, TRACK_SECONDS);
log(`  ${filled.tracks} tracks in ${filled.seconds.toFixed(1)} s`);
const openedAt = performance.now();
const server = await startServer({
  config,
  rpcUrl,
  privateKey: signerKey,
  // Load comes from one key and one address: lift the per-caller budgets so the benchmark measures the work.
  rateLimits: { anonymous: { perMinute: 1e9, burst: 1e6 }, authenticated: { perMinute: 1e9, burst: 1e6 }, uploadCost: 1 },
  log,
});
const startSeconds = (performance.now() - openedAt) / 1000;
const apiKey = server.firstApiKey!;

try {
  // ---- ingest: 3-minute tracks, end to end (upload -> registered), stages timed from the pipeline's progress events
  log(`ingesting ${INGEST} tracks of ${TRACK_SECONDS} s ...`);
  const songs = Array.from({ length: INGEST }, (_, i) => syntheticMusic({ seed: 500 + i, durationSeconds: TRACK_SECONDS, sampleRate: 44_100 }));
  const files = songs.map((pcm) => encodeWav(pcm, "s16"));
  const shas = files.map((f) => createHash("sha256").update(f).digest("hex"));
  const stageMs = new Map<string, number[]>();
  const lastMark = new Map<string, { stage: string | null; at: number }>();
  const done = new Map<string, IngestJob>();
  let allDone!: () => void;
  const finished = new Promise<void>((r) => (allDone = r));
  server.pipeline.on("progress", (job) => {
    const now = performance.now();
    // A stage's clock starts when a worker runs the job, not while it waits in the queue behind the others.
    if (job.status === "queued") return;
    const previous = lastMark.get(job.sha256);
    if (previous && previous.stage && previous.stage !== job.stage) {
      const list = stageMs.get(previous.stage) ?? [];
      list.push(now - previous.at);
      stageMs.set(previous.stage, list);
    }
    if (!previous || previous.stage !== job.stage) lastMark.set(job.sha256, { stage: job.stage, at: now });
    if (job.status === "registered" || job.status === "failed") {
      done.set(job.sha256, job);
      if (shas.every((s) => done.has(s))) allDone();
    }
  });
  const ingestStart = performance.now();
  const uploadMs: number[] = [];
  for (let i = 0; i < INGEST; i++) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(files[i]!)]), `track-${i}.wav`);
    const t = performance.now();
    const response = await fetch(`${server.url}/v1/tracks`, { method: "POST", body: form, headers: { authorization: `Bearer ${apiKey}` } });
    uploadMs.push(performance.now() - t);
    if (response.status !== 202) throw new Error(`upload ${i}: HTTP ${response.status} ${await response.text()}`);
  }
  await finished;
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  const failed = [...done.values()].filter((j) => j.status === "failed");
  if (failed.length > 0) throw new Error(`ingest failed: ${failed.map((j) => j.error).join("; ")}`);
  const stages = Object.fromEntries([...stageMs].map(([stage, list]) => [stage, { meanMs: mean(list), n: list.length }]));

  // ---- checkAudio: a 10 s MP3 clip of an ingested track against TRACKS + INGEST indexed tracks
  const clip = encodeMp3(excerpt(songs[0]!, 60, 10), 128);
  const boundary = "----soundmarkbench";
  const checkBody = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="clip.mp3"\r\ncontent-type: audio/mpeg\r\n\r\n`),
    clip,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  // autocannon reads -i bodies as text, which would mangle the MP3's bytes: it builds the multipart body itself (-F).
  const clipFile = join(dataDir, "clip.mp3");
  writeFileSync(clipFile, clip);
  const checkBodyFile = join(dataDir, "check-body.multipart");
  writeFileSync(checkBodyFile, checkBody);
  const sanity = await fetch(`${server.url}/v1/check`, {
    method: "POST",
    body: checkBody,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": `multipart/form-data; boundary=${boundary}` },
  });
  const verdict = (await sanity.json()) as { aiGenerated: string; matches: { sha256: string; offsetSeconds: number }[] };
  if (verdict.matches[0]?.sha256 !== shas[0]) throw new Error(`the check clip did not match its track: ${JSON.stringify(verdict).slice(0, 300)}`);
  log(`checkAudio under load: ${CONNECTIONS} connections, ${DURATION} s ...`);
  const checkCli = (extra: string[]) => [
    "-c", String(CONNECTIONS), "-d", String(DURATION), "-m", "POST", ...extra,
    "-F", JSON.stringify({ file: { type: "file", path: clipFile, options: { filename: "clip.mp3", contentType: "audio/mpeg" } } }),
    "-H", `authorization=Bearer ${apiKey}`,
    `${server.url}/v1/check`,
  ];
  // Closed loop (every connection sends its next request as soon as the last is answered): the capacity, and latency
  // at saturation, which is mostly queueing. Then paced at half that capacity, open loop (lib/open-loop-load.ts:
  // evenly scheduled, latency from the scheduled time): the latency of a loaded, not overloaded, server.
  const check = ONLY === "provenance" ? EMPTY_LOAD : await serverCpu(() => autocannon(checkCli([])));
  const checkRate = Math.max(1, Math.floor(check.requestsPerSecond / 2));
  if (ONLY !== "provenance") log(`checkAudio paced at ${checkRate} requests/s (half the capacity, open loop), ${DURATION} s ...`);
  const checkPaced =
    ONLY === "provenance"
      ? EMPTY_LOAD
      : await serverCpu(() =>
          openLoop({
            url: `${server.url}/v1/check`,
            method: "POST",
            headers: { authorization: `Bearer ${apiKey}`, "content-type": `multipart/form-data; boundary=${boundary}` },
            bodyFile: checkBodyFile,
            rate: checkRate,
            durationSeconds: DURATION,
            connections: CONNECTIONS,
          }),
        );

  // ---- provenance(sha256) over GraphQL, anonymous, as platforms and pages read it
  const provenanceQuery = JSON.stringify({
    query: "query($s: String!) { provenance(sha256: $s) { registrant artist transactionHash blockNumber manifestCid watermark style { id } licence { id } track { cid kind } } }",
    variables: { s: shas[0] },
  });
  // The indexer follows the chain a moment behind the registrar: wait (bounded) until it has seen the track.
  const probeDeadline = performance.now() + 60_000;
  for (;;) {
    const probe = (await (await fetch(`${server.url}/graphql`, { method: "POST", body: provenanceQuery, headers: { "content-type": "application/json" } })).json()) as {
      data?: { provenance?: { transactionHash?: string } };
    };
    if (probe.data?.provenance?.transactionHash) break;
    if (performance.now() > probeDeadline) throw new Error(`provenance not answered: ${JSON.stringify(probe).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const provenanceConnections = CONNECTIONS * 4;
  log(`provenance under load: ${provenanceConnections} connections, ${DURATION} s ...`);
  const provenanceCli = (extra: string[]) => [
    "-c", String(provenanceConnections), "-d", String(DURATION), "-m", "POST", ...extra, "-b", provenanceQuery,
    "-H", "content-type=application/json", `${server.url}/graphql`,
  ];
  const provenance = ONLY === "check" ? EMPTY_LOAD : await serverCpu(() => autocannon(provenanceCli([])));
  const provenanceRate = Math.max(1, Math.floor(provenance.requestsPerSecond / 2));
  if (ONLY !== "check") log(`provenance paced at ${provenanceRate} requests/s (half the capacity, open loop), ${DURATION} s ...`);
  const provenanceBodyFile = join(dataDir, "provenance-body.json");
  writeFileSync(provenanceBodyFile, provenanceQuery);
  const provenanceOpenLoop = (rate: number) =>
    ONLY === "check"
      ? EMPTY_LOAD
      : serverCpu(() =>
          openLoop({
            url: `${server.url}/graphql`,
            method: "POST",
            headers: { "content-type": "application/json" },
            bodyFile: provenanceBodyFile,
            rate,
            durationSeconds: DURATION,
            connections: provenanceConnections,
          }),
        );
  const provenancePaced = await provenanceOpenLoop(provenanceRate);
  // Also at a fixed rate that the load generator sustains beside the server on two cores, comparable between runs
  // whatever the capacity (at half capacity the generator itself may fall behind: see lateSends).
  if (ONLY !== "check") log(`provenance paced at ${PROVENANCE_FIXED_RATE} requests/s (open loop), ${DURATION} s ...`);
  const provenanceFixed = await provenanceOpenLoop(PROVENANCE_FIXED_RATE);

  const result = {
    date: new Date().toISOString(),
    quick,
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
    serverStartSeconds: startSeconds,
    ingest: {
      tracks: INGEST,
      trackSeconds: TRACK_SECONDS,
      format: "WAV 44.1 kHz mono 16-bit (synthetic music)",
      totalSeconds: ingestSeconds,
      tracksPerMinute: (INGEST / ingestSeconds) * 60,
      uploadMeanMs: mean(uploadMs),
      stages,
    },
    index: { tracks: TRACKS + INGEST, fillerTracks: TRACKS, fillerSeconds: TRACK_SECONDS, fillSeconds: filled.seconds, note: "fillers: postings drawn from real fingerprints (scripts/bench/server-index.ts); ingest rows exist only for the ingested tracks" },
    check: {
      clip: "10 s excerpt, MP3 128 kbps",
      verdict: verdict.aiGenerated,
      connections: CONNECTIONS,
      ...check,
      paced: { requestsPerSecondAsked: checkRate, method: PACED_METHOD, ...checkPaced },
      targetP50Ms: CHECK_TARGET_P50_MS,
    },
    provenance: {
      connections: provenanceConnections,
      ...provenance,
      paced: { requestsPerSecondAsked: provenanceRate, method: PACED_METHOD, ...provenancePaced },
      pacedFixed: { requestsPerSecondAsked: PROVENANCE_FIXED_RATE, method: PACED_METHOD, ...provenanceFixed },
      targetP99Ms: PROVENANCE_TARGET_P99_MS,
    },
  };
  const rows: [string, string, string][] = [
    ["ingest, 3-min tracks per minute (end to end)", result.ingest.tracksPerMinute.toFixed(2), ""],
    ...Object.entries(stages).map(([stage, s]): [string, string, string] => [`  stage ${stage}, mean ms`, s.meanMs.toFixed(0), ""]),
    [`checkAudio p50 ms (${TRACKS + INGEST} tracks, ${CONNECTIONS} conn.)`, check.p50Ms.toFixed(0), `<= ${CHECK_TARGET_P50_MS} ${ONLY === "provenance" ? "not run" : check.p50Ms <= CHECK_TARGET_P50_MS ? "met" : "MISSED"}`],
    ["checkAudio p99 ms", check.p99Ms.toFixed(0), ""],
    ["checkAudio requests/s, errors", `${check.requestsPerSecond.toFixed(1)}, ${check.errors + check.non2xx}`, ""],
    ["checkAudio server CPU ms per request (all threads)", check.serverCpuMsPerRequest.toFixed(1), ""],
    [`checkAudio p50 / p99 ms paced at ${checkRate}/s (half capacity)`, `${checkPaced.p50Ms.toFixed(0)} / ${checkPaced.p99Ms.toFixed(0)}`, `p50 <= ${CHECK_TARGET_P50_MS} ${ONLY === "provenance" ? "not run" : checkPaced.p50Ms <= CHECK_TARGET_P50_MS ? "met" : "MISSED"}`],
    [`provenance p99 ms (${provenanceConnections} conn.)`, provenance.p99Ms.toFixed(1), `<= ${PROVENANCE_TARGET_P99_MS} ${ONLY === "check" ? "not run" : provenance.p99Ms <= PROVENANCE_TARGET_P99_MS ? "met" : "MISSED"}`],
    ["provenance p50 ms", provenance.p50Ms.toFixed(1), ""],
    ["provenance requests/s, errors", `${provenance.requestsPerSecond.toFixed(0)}, ${provenance.errors + provenance.non2xx}`, ""],
    ["provenance server CPU ms per request (all threads)", provenance.serverCpuMsPerRequest.toFixed(2), ""],
    [`provenance p50 / p99 ms paced at ${provenanceRate}/s (half capacity)`, `${provenancePaced.p50Ms.toFixed(1)} / ${provenancePaced.p99Ms.toFixed(1)}`, `p99 <= ${PROVENANCE_TARGET_P99_MS} ${ONLY === "check" ? "not run" : provenancePaced.p99Ms <= PROVENANCE_TARGET_P99_MS ? "met" : "MISSED"}`],
    [`provenance p50 / p99 ms paced at ${PROVENANCE_FIXED_RATE}/s`, `${provenanceFixed.p50Ms.toFixed(1)} / ${provenanceFixed.p99Ms.toFixed(1)}`, `p99 <= ${PROVENANCE_TARGET_P99_MS} ${ONLY === "check" ? "not run" : provenanceFixed.p99Ms <= PROVENANCE_TARGET_P99_MS ? "met" : "MISSED"}`],
  ];
  console.log(`\n| measure | value | target |\n| --- | --- | --- |\n${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}`);
  if (ONLY === undefined) {
    mkdirSync(join(root, "bench/results"), { recursive: true });
    const out = join(root, "bench/results", quick ? "server-quick.json" : "server.json");
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`\nwrote ${out}`);
  }
} finally {
  await server.close();
  await chainServer.close();
  rmSync(dataDir, { recursive: true, force: true });
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

type LoadResult = LoadSummary;

/**
 * The load test's result with the CPU time this process (the server: event loop and worker threads) spent per
 * request. Latency under load depends on what else the machine runs; CPU per request compares runs on a busy machine.
 */
async function serverCpu(load: () => Promise<LoadResult>): Promise<LoadResult & { serverCpuMsPerRequest: number }> {
  const before = process.cpuUsage();
  const result = await load();
  const used = process.cpuUsage(before);
  return { ...result, serverCpuMsPerRequest: result.requests > 0 ? (used.user + used.system) / 1000 / result.requests : 0 };
}

/** Runs the open-loop generator (lib/open-loop-load.ts) in a second process (under this Node, with tsx). */
function openLoop(spec: OpenLoopSpec): Promise<LoadResult> {
  const script = join(import.meta.dirname, "lib", "open-loop-load.ts");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(spec)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`the open-loop load generator exited with ${code}`));
      resolvePromise(JSON.parse(out.trim().split("\n").pop()!) as OpenLoopResult);
    });
  });
}

/** Runs autocannon in a second process (under this Node) and returns its latency summary. */
function autocannon(cli: string[]): Promise<LoadResult> {
  const bin = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, "-j", ...cli], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out.trim().split("\n").pop()!) as {
        requests: { total: number; average: number };
        latency: { p50: number; p90: number; p99: number; max: number };
        errors: number;
        non2xx: number;
      };
      resolvePromise({
        requests: r.requests.total,
        requestsPerSecond: r.requests.average,
        p50Ms: r.latency.p50,
        p90Ms: r.latency.p90,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        errors: r.errors,
        non2xx: r.non2xx,
      });
    });
  });
}
