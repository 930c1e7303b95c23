/**
 * Load bench (issue 8, Reliability): the real stack as separate processes (the persistent embedded chain, then the
 * server on a fresh data folder), loaded from this process for --duration seconds with sustained uploads of distinct
 * synthetic songs (POST /v1/tracks, WAV) and checkAudio queries (POST /v1/check, a 10-second 128 kbps MP3 excerpt of
 * a registered track). Reports throughput, p50/p99 latency, errors (non-2xx, 429 and dropped connections counted
 * apart; all must be 0), the server process's memory (VmRSS sampled from /proc: start, end, peak, slope), and that
 * every accepted upload ended `registered` with exactly one TrackRegistered event on the chain.
 *
 *   npx tsx scripts/bench/load.ts [--quick] [--duration 180] [--upload-interval 6] [--check-connections 2] [--song-seconds 20]
 *
 * Prints a table; writes bench/results/load.json (load-quick.json with --quick). Exits 1 when a requirement failed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { printTable } from "./lib/table.js";
import { accountRegistrations, everyUploadRegisteredOnce, rssTrend, summarizeLatency, type RssSample } from "./lib/reliability-accounting.js";
import { mp3Excerpt, postFile, registrationsOnChain, syntheticSong, waitForSettled, type HttpOutcome } from "./lib/stack-client.js";
import { freePort, readRssBytes, REPO_ROOT, startProcessStack } from "./lib/stack-process.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const numberArg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
};
const DURATION_S = numberArg("duration", quick ? 30 : 180);
/** Seconds between the starts of two uploads (one uploader): a steady stream the single ingest worker can keep up with. */
const UPLOAD_INTERVAL_S = numberArg("upload-interval", 6);
const CHECK_CONNECTIONS = Math.round(numberArg("check-connections", quick ? 1 : 2));
const SONG_SECONDS = numberArg("song-seconds", 20);
const SETTLE_TIMEOUT_S = numberArg("settle-timeout", 600);
const RSS_EVERY_MS = 2_000;
const REFERENCE_SEED = 7_000;

const log = (line: string) => console.log(line);
const dataDir = mkdtempSync(join(tmpdir(), "soundmark-bench-load-"));
let keepData = false;

/** One request stream's results. */
interface StreamStats {
  latenciesMs: number[];
  ok: number;
  non2xx: number;
  rateLimited: number;
  transport: number;
  examples: string[];
}
const newStats = (): StreamStats => ({ latenciesMs: [], ok: 0, non2xx: 0, rateLimited: 0, transport: 0, examples: [] });
function record(stats: StreamStats, outcome: HttpOutcome, okStatus: (s: number) => boolean): void {
  stats.latenciesMs.push(outcome.ms);
  if (outcome.status === null) stats.transport++;
  else if (outcome.status === 429) stats.rateLimited++;
  else if (okStatus(outcome.status)) stats.ok++;
  else stats.non2xx++;
  if (!(outcome.status !== null && okStatus(outcome.status)) && stats.examples.length < 5) {
    stats.examples.push(`${outcome.status ?? "no answer"} ${(outcome.transportError ?? outcome.body).slice(0, 200)}`);
  }
}

const [serverPort, chainPort] = [await freePort(), await freePort()];
log(`starting the stack as processes (data ${dataDir}, server :${serverPort}, chain :${chainPort}) ...`);
const stack = await startProcessStack({
  dataDir,
  serverPort,
  chainPort,
  // The load comes from one key: lift the per-caller budgets so the bench measures the work, not the limiter.
  // Registrations one by one (no Merkle batches) so the chain's TrackRegistered events account for every upload.
  serverEnv: { RATE_LIMIT_PER_MINUTE: "10000000", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "10000000", BATCH_THRESHOLD: "10000" },
});
try {
  // A registered reference track for the checks to find.
  const reference = syntheticSong(REFERENCE_SEED, SONG_SECONDS);
  const referenceUpload = await postFile(`${stack.url}/v1/tracks`, stack.apiKey, reference.wav, "reference.wav", "audio/wav");
  if (referenceUpload.status !== 202) throw new Error(`reference upload: ${referenceUpload.status} ${referenceUpload.body}`);
  const referenceState = await waitForSettled(stack.url, [reference.sha256], 300_000);
  if (referenceState.get(reference.sha256) !== "registered") throw new Error(`the reference track ended ${referenceState.get(reference.sha256)}`);
  const clip = mp3Excerpt(REFERENCE_SEED, SONG_SECONDS, Math.min(5, SONG_SECONDS - 10), 10);
  log(`reference track registered; loading for ${DURATION_S} s: one upload every ${UPLOAD_INTERVAL_S} s (${SONG_SECONDS} s songs), ${CHECK_CONNECTIONS} check connection(s) ...`);

  const uploads = newStats();
  const checks = newStats();
  let checksMatched = 0;
  const accepted: string[] = [];
  const rss: RssSample[] = [];
  const startedAt = performance.now();
  const elapsedS = () => (performance.now() - startedAt) / 1000;
  const endAt = startedAt + DURATION_S * 1000;
  const sampleRss = () => {
    const bytes = readRssBytes(stack.server.pid);
    if (bytes !== null) rss.push({ t: elapsedS(), bytes });
  };
  sampleRss();
  const sampler = setInterval(sampleRss, RSS_EVERY_MS);
  const progress = setInterval(
    () => log(`  ${elapsedS().toFixed(0)} s: ${accepted.length} uploads accepted, ${checks.ok} checks, errors ${uploads.non2xx + checks.non2xx + uploads.transport + checks.transport}, rss ${((rss.at(-1)?.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB`),
    15_000,
  );

  const uploader = async () => {
    for (let seed = REFERENCE_SEED + 1; performance.now() < endAt; seed++) {
      const began = performance.now();
      const song = syntheticSong(seed, SONG_SECONDS);
      const outcome = await postFile(`${stack.url}/v1/tracks`, stack.apiKey, song.wav, `load-${seed}.wav`, "audio/wav");
      record(uploads, outcome, (s) => s === 202);
      if (outcome.status === 202) accepted.push((JSON.parse(outcome.body) as { sha256: string }).sha256);
      const wait = UPLOAD_INTERVAL_S * 1000 - (performance.now() - began);
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, endAt - performance.now()))));
    }
  };
  const checker = async () => {
    while (performance.now() < endAt) {
      const outcome = await postFile(`${stack.url}/v1/check`, stack.apiKey, clip, "clip.mp3", "audio/mpeg");
      record(checks, outcome, (s) => s === 200);
      if (outcome.status === 200 && (JSON.parse(outcome.body) as { matches?: { sha256: string }[] }).matches?.[0]?.sha256 === reference.sha256) checksMatched++;
    }
  };
  await Promise.all([uploader(), ...Array.from({ length: CHECK_CONNECTIONS }, checker)]);
  const loadSeconds = elapsedS();
  clearInterval(progress);
  log(`load done after ${loadSeconds.toFixed(1)} s; waiting for the ${accepted.length} accepted uploads to settle ...`);
  const settleStarted = performance.now();
  const states = await waitForSettled(stack.url, accepted, SETTLE_TIMEOUT_S * 1000);
  const drainSeconds = (performance.now() - settleStarted) / 1000;
  clearInterval(sampler);
  sampleRss();
  const onChain = await registrationsOnChain(stack.rpcUrl, join(dataDir, "deployments"));
  const outcome = accountRegistrations(accepted, states, onChain.perHash);
  const memory = rssTrend(rss);
  // Start-up and the first uploads grow the heap (modules, caches, the index): the slope after the first third is
  // the one that tells a leak.
  const settledMemory = rssTrend(rss.filter((sample) => sample.t >= loadSeconds / 3));
  const uploadLatency = summarizeLatency(uploads.latenciesMs);
  const checkLatency = summarizeLatency(checks.latenciesMs);
  const serverAlive = stack.server.alive();

  const errors = uploads.non2xx + uploads.transport + checks.non2xx + checks.transport;
  const rateLimited = uploads.rateLimited + checks.rateLimited;
  const passed = errors === 0 && rateLimited === 0 && everyUploadRegisteredOnce(outcome) && serverAlive && checksMatched === checks.ok;
  const result = {
    date: new Date().toISOString(),
    quick,
    machine: { cpus: cpus().length, node: process.version },
    settings: { durationSeconds: DURATION_S, uploadIntervalSeconds: UPLOAD_INTERVAL_S, checkConnections: CHECK_CONNECTIONS, songSeconds: SONG_SECONDS, songFormat: "WAV 22.05 kHz mono 16-bit (synthetic music)", checkClip: "10 s excerpt of the registered reference track, MP3 128 kbps", stack: "scripts/chain.ts + server/src/index.ts as child processes, PGlite + Helia in a fresh data folder" },
    loadSeconds,
    uploads: { requests: uploads.latenciesMs.length, accepted: uploads.ok, perMinute: (uploads.ok / loadSeconds) * 60, latencyMs: uploadLatency, non2xx: uploads.non2xx, rateLimited: uploads.rateLimited, transportErrors: uploads.transport, examples: uploads.examples },
    checks: { requests: checks.latenciesMs.length, ok: checks.ok, matchedReference: checksMatched, perSecond: checks.ok / loadSeconds, latencyMs: checkLatency, non2xx: checks.non2xx, rateLimited: checks.rateLimited, transportErrors: checks.transport, examples: checks.examples },
    ingest: { ...outcome, drainSecondsAfterLoad: drainSeconds, registeredPerMinute: (outcome.registered / (loadSeconds + drainSeconds)) * 60, batchesAnchored: onChain.batchesAnchored },
    serverMemory: { ...memory, slopeAfterFirstThirdMiBPerMinute: settledMemory.slopeMiBPerMinute, sampleEverySeconds: RSS_EVERY_MS / 1000, serverAliveAtEnd: serverAlive },
    errors,
    rateLimited,
    passed,
  };

  const f = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : "-");
  printTable(
    ["measure", "uploads (POST /v1/tracks)", "checks (POST /v1/check)"],
    [
      ["requests", result.uploads.requests, result.checks.requests],
      ["throughput", `${f(result.uploads.perMinute, 1)} /min`, `${f(result.checks.perSecond, 2)} /s`],
      ["latency p50 ms", f(uploadLatency.p50), f(checkLatency.p50)],
      ["latency p99 ms", f(uploadLatency.p99), f(checkLatency.p99)],
      ["non-2xx (not 429)", uploads.non2xx, checks.non2xx],
      ["429 rate limited", uploads.rateLimited, checks.rateLimited],
      ["dropped connections", uploads.transport, checks.transport],
      ["accepted -> registered once", `${outcome.registered}/${outcome.accepted}`, `matched ${checksMatched}/${checks.ok}`],
      ["duplicates, lost, failed, pending", `${outcome.duplicates}, ${outcome.lost}, ${outcome.failed}, ${outcome.pending}`, ""],
      ["ingest drain after load s", f(drainSeconds, 1), ""],
    ],
    log,
  );
  log("");
  printTable(
    ["server RSS", "MiB"],
    [
      ["start", f(memory.startMiB, 1)],
      ["end", f(memory.endMiB, 1)],
      ["peak", f(memory.peakMiB, 1)],
      ["slope (least squares) MiB/min", f(memory.slopeMiBPerMinute, 2)],
      ["slope after the first third MiB/min", f(settledMemory.slopeMiBPerMinute, 2)],
    ],
    log,
  );
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  const out = join(REPO_ROOT, "bench/results", quick ? "load-quick.json" : "load.json");
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`\n${passed ? "PASSED" : "FAILED"}: ${errors} errors, ${rateLimited} rate limited, ${outcome.registered}/${outcome.accepted} registered once; wrote ${out}`);
  if (!passed) {
    keepData = true;
    for (const p of outcome.problems.slice(0, 10)) log(`  ${p.sha256}: server ${p.serverStatus}, ${p.eventsOnChain} event(s) on chain`);
    log(`  data folder kept for inspection: ${dataDir}`);
    process.exitCode = 1;
  }
} finally {
  await stack.stop();
  if (!keepData) rmSync(dataDir, { recursive: true, force: true });
}
