/**
 * bench:watermark — the keyed watermark (generator/audio/src/watermark) on the real-music corpus, issue 4's benchmark:
 * every track of >= 30 s is marked whole with its own key and payload, 10-second excerpts are cut from the marked
 * tracks at seeded offsets, and each excerpt goes through every attack (BENCH_ATTACKS) before detection. Then
 * unwatermarked excerpts (corpus music, clean and attacked, audio marked under another key, white and pink noise)
 * are detected with fresh keys to count false positives. Work runs in one child process per core; embed and detect
 * speeds are one-core times measured in the children. Prints an AudioMarkBench-style table against the issue's
 * targets, with the published anchors as reference lines, and writes bench/results/watermark.json.
 *
 *   npx tsx scripts/bench/watermark.ts [--quick] [--excerpts N] [--fpr N] [--workers N] [--seed N]
 *                                      [--attacks none,mp3-64k,...] [--corpus DIR] [--no-ffmpeg] [--random-keys]
 *                                      [--out FILE]
 *   --random-keys: keys from generateWatermarkKey (OS CSPRNG) instead of derived from --seed (not reproducible).
 *   --quick: 30 excerpts per attack and 500 false-positive excerpts, written to bench/results/watermark-quick.json.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CODED_BITS, WATERMARK_PAYLOAD_BYTES } from "../../generator/audio/src/watermark/index.js";
import { ensureDebianPackages } from "./lib/debian-packages.js";
import { hasFfmpeg } from "./lib/ffmpeg-round-trip.js";
import { oggVorbisDuration } from "./lib/ogg-vorbis-duration.js";
import { runInChildProcesses } from "./lib/process-pool.js";
import { printTable } from "./lib/table.js";
import { PUBLISHED_ANCHORS } from "./watermark-anchors.js";
import { BENCH_ATTACKS } from "./watermark-attacks.js";
import { planWatermarkBench, type CorpusTrack, type WatermarkTask } from "./watermark-plan.js";
import type { TaskResult } from "./watermark-records.js";
import { aggregateAttacks, checkTargets, rowPasses, summarizeFpr, summarizeSnr, summarizeSpeed } from "./watermark-stats.js";

const DEFAULT_CORPUS = "/usr/share/games/wesnoth/1.16/data/core/music";
const WORKER = fileURLToPath(new URL("./watermark-worker.ts", import.meta.url));

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
  return value;
}
function integerOption(name: string, fallback: number, min: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
  return n;
}

const formatDuration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
};
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const prob = (p: number) => (p === 0 ? "0" : p >= 0.01 ? p.toFixed(2) : p.toExponential(0));
const mark = (pass: boolean) => (pass ? "pass" : "FAIL");

async function main(): Promise<void> {
  const quick = flag("quick");
  const excerpts = integerOption("excerpts", quick ? 30 : 200, 1);
  const fprCount = integerOption("fpr", quick ? 500 : 10_000, 0);
  const workers = integerOption("workers", os.availableParallelism(), 1);
  const seed = integerOption("seed", 1, 0);
  const corpusDir = option("corpus") ?? DEFAULT_CORPUS;
  const out = option("out") ?? (quick ? "bench/results/watermark-quick.json" : "bench/results/watermark.json");

  if (corpusDir === DEFAULT_CORPUS) ensureDebianPackages(["wesnoth-1.16-music"]);
  if (!flag("no-ffmpeg")) {
    try {
      ensureDebianPackages(["ffmpeg"]);
    } catch (error) {
      console.log(`ffmpeg could not be installed (${error instanceof Error ? error.message : String(error)}): AAC and Opus rows skipped`);
    }
  }
  const ffmpeg = !flag("no-ffmpeg") && hasFfmpeg();
  const requested = option("attacks")?.split(",");
  for (const name of requested ?? []) {
    if (!BENCH_ATTACKS.some((a) => a.name === name)) throw new Error(`unknown attack ${name}; known: ${BENCH_ATTACKS.map((a) => a.name).join(", ")}`);
  }
  const attacks = BENCH_ATTACKS.filter((a) => (requested ? requested.includes(a.name) : true) && (ffmpeg || !a.ffmpeg));

  const files = (await readdir(corpusDir)).filter((f) => f.endsWith(".ogg")).sort();
  const tracks: CorpusTrack[] = [];
  for (const f of files) {
    if (f === "silence.ogg") continue; // digital silence carries no mark (the embedder adds nothing to it)
    const file = path.join(corpusDir, f);
    tracks.push({ file, name: f, seconds: oggVorbisDuration(await readFile(file)).seconds });
  }
  const randomKeys = flag("random-keys");
  const plan = planWatermarkBench({ tracks, excerpts, fpr: fprCount, seed, randomKeys, attacks: attacks.map((a) => a.name) });
  const corpusMinutes = plan.eligible.reduce((s, t) => s + t.seconds, 0) / 60;
  console.log(
    `corpus: ${plan.eligible.length} tracks of >= 30 s (${corpusMinutes.toFixed(1)} min) from ${corpusDir}; ` +
      `payload ${WATERMARK_PAYLOAD_BYTES} bytes, ${CODED_BITS} coded bits`,
  );
  console.log(
    `plan: ${excerpts} excerpts x ${attacks.length} attacks, ${fprCount} unwatermarked excerpts, ` +
      `${plan.detections} detector calls in ${plan.tasks.length} tasks on ${workers} worker(s); seed ${seed}` +
      (ffmpeg ? "" : "; ffmpeg not found: AAC and Opus skipped"),
  );

  const started = performance.now();
  let done = 0;
  let lastLine = 0;
  const progressLine = (force = false) => {
    const now = performance.now();
    if (!force && now - lastLine < 15_000) return;
    lastLine = now;
    const elapsed = now - started;
    const eta = done > 0 ? (elapsed * (plan.detections - done)) / done : Number.NaN;
    console.log(
      `progress: ${pct(done / plan.detections)} (${done}/${plan.detections} detections), ${formatDuration(elapsed)} elapsed` +
        (Number.isFinite(eta) ? `, ETA ${formatDuration(eta)}` : ""),
    );
  };
  const results = await runInChildProcesses<WatermarkTask, TaskResult>({
    script: WORKER,
    tasks: plan.tasks,
    workers,
    onProgress: (units) => {
      done += units;
      progressLine();
    },
  });
  const wallMs = performance.now() - started;
  progressLine(true);

  const all = {
    tracks: results.flatMap((r) => r.tracks),
    excerpts: results.flatMap((r) => r.excerpts),
    attacks: results.flatMap((r) => r.attacks),
    fpr: results.flatMap((r) => r.fpr),
  };
  const rows = aggregateAttacks(all.attacks, attacks, CODED_BITS);
  const snr = summarizeSnr(all.excerpts, all.tracks);
  const speed = summarizeSpeed(all.tracks, all.attacks, all.fpr);
  const fpr = summarizeFpr(all.fpr);
  const checks = checkTargets(rows, snr, speed, fpr);

  console.log(`\nWatermark robustness, ${plan.eligible.length} tracks, 10 s excerpts (BER: corrected coded-bit errors / ${CODED_BITS}; 0.5 when no payload)`);
  printTable(
    ["attack", "excerpts", "detected", "exact payload", "BER", "median p", "target", ""],
    rows.map((r) => [
      r.attack,
      r.excerpts,
      pct(r.detectedRate),
      pct(r.exactRate),
      r.ber.toFixed(3),
      prob(r.medianFalsePositiveProbability),
      r.target === "exact" ? "exact >= 99%" : "detected >= 95%",
      mark(rowPasses(r)),
    ]),
  );
  console.log("\nPublished anchors (not run here: published numbers, other corpora and settings)");
  printTable(
    ["system: condition", "detected", "message", "BER", "SNR dB", "source"],
    PUBLISHED_ANCHORS.map((a) => [`${a.system}: ${a.condition}`, a.detected ?? "", a.message ?? "", a.ber ?? "", a.snrDb ?? "", a.source]),
  );
  console.log(
    `\nSNR of the marked audio: excerpts median ${snr.excerpts.median.toFixed(1)} dB (5th pct ${snr.excerpts.p5.toFixed(1)}, ` +
      `min ${snr.excerpts.min.toFixed(1)}, n ${snr.excerpts.finite}); whole tracks as embedWatermark reports: median ` +
      `${snr.tracks.median.toFixed(1)} dB, min ${snr.tracks.min.toFixed(1)}. Published: WavMark > 38 dB, AudioSeal 27.6 dB.`,
  );
  console.log(
    `False positives: ${fpr.falseDetections} of ${fpr.excerpts} unwatermarked excerpts detected with a random key; ` +
      `smallest p ${prob(fpr.minFalsePositiveProbability)}, median p ${prob(fpr.medianFalsePositiveProbability)}` +
      (fpr.maxScore === undefined ? " " : `, largest score ${fpr.maxScore.toFixed(2)} `) +
      `(${Object.entries(fpr.byCategory).map(([c, v]) => `${c} ${v.excerpts}`).join(", ")})`,
  );
  console.log(
    `Speed, one core (median): embed ${speed.embedTrackXRealtime.toFixed(0)}x realtime per whole track, ` +
      `${speed.embedExcerptXRealtime.toFixed(0)}x per 10 s excerpt; detect ${speed.detectAllXRealtime.toFixed(0)}x over all calls, ` +
      `${speed.detectMarkedXRealtime.toFixed(0)}x on unattacked marked excerpts`,
  );
  console.log(`\nTargets (issue 4)`);
  printTable(["target", "value", ""], checks.map((c) => [c.target, c.value, mark(c.pass)]));
  const met = checks.every((c) => c.pass);
  console.log(`${checks.filter((c) => c.pass).length}/${checks.length} targets met; wall time ${formatDuration(wallMs)} on ${workers} worker(s)`);

  // One-core cost per detector call (attack included) and of the embedding, to tell what a full run takes here.
  const coreMs = (rs: { detectMs: number; attackMs: number }[]) => rs.reduce((s, r) => s + r.detectMs + r.attackMs, 0);
  const perAttackCall = coreMs(all.attacks) / Math.max(1, all.attacks.length);
  const perFprCall = coreMs(all.fpr) / Math.max(1, all.fpr.length);
  const embedMs = all.tracks.reduce((s, t) => s + t.embedMs + t.excerptEmbedMs, 0);
  const fullMs = (embedMs + perAttackCall * 200 * attacks.length + perFprCall * 10_000) / workers;
  console.log(`estimated full run (200 excerpts per attack, 10,000 unwatermarked) on ${workers} worker(s): ${formatDuration(fullMs)}`);

  const result = {
    benchmark: "watermark",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, availableParallelism: os.availableParallelism(), node: process.version },
    options: { quick, excerptsPerAttack: excerpts, fprExcerpts: fprCount, workers, seed, randomKeys, ffmpeg, excerptSeconds: 10 },
    corpus: { source: "Debian wesnoth-1.16-music", dir: corpusDir, tracks: plan.eligible.length, minutes: +corpusMinutes.toFixed(2) },
    scheme: { payloadBytes: WATERMARK_PAYLOAD_BYTES, codedBits: CODED_BITS },
    definitions: {
      ber: `mean over excerpts of bitErrors / ${CODED_BITS} (coded-bit errors the code corrected), 0.5 for an excerpt whose payload did not come back; berRecovered: the mean over recovered payloads only`,
      exactPayload: "the detector returned a payload equal to the embedded one, byte for byte",
      keys: `one key and payload per track (${randomKeys ? "keys from generateWatermarkKey" : "keys derived from the seed by SHA-256, in generateWatermarkKey's format"}); each whole track embedded once, its excerpts cut from the marked track; every unwatermarked excerpt detected with its own key`,
      snr: "10 log10(sum x^2 / sum (y - x)^2) over both channels of each marked 10 s excerpt against the original",
      speed: "audio seconds per second of one core (each worker is one single-threaded process, pinned with taskset when available), medians",
    },
    attacks: rows.map((r) => ({ ...r, description: attacks.find((a) => a.name === r.attack)?.description, steps: attacks.find((a) => a.name === r.attack)?.steps, pass: rowPasses(r) })),
    snr,
    falsePositives: fpr,
    speed,
    targets: { checks, allMet: met },
    publishedAnchors: PUBLISHED_ANCHORS,
    wallSeconds: +(wallMs / 1000).toFixed(1),
  };
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(`bench:watermark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
