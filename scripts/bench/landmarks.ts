/**
 * Landmark identification benchmark on the real-music corpus (BENCHMARKS.md): index every track, query two 10-second
 * excerpts per track of at least 30 s under each attack, report top-1 accuracy, offset accuracy and query latency;
 * check "no match" on unindexed audio (each track's excerpts with that track removed, digital silence, synthetic
 * music); then grow the index to --scale tracks with filler tracks whose postings are drawn from the corpus's own
 * (hash, extra) distribution and measure load time, latency and accuracy at that size.
 *
 *   npx tsx scripts/bench/landmarks.ts [--corpus DIR] [--scale 10000] [--conditions clean,mp3-64k,...] [--quick]
 *
 * Needs `apt-get install -y wesnoth-1.16-music` (the default corpus). Prints tables, writes
 * bench/results/landmarks.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyAttack } from "../../generator/audio/src/attacks/index.js";
import { decodeAudioFile } from "../../generator/audio/src/decode/index.js";
import { extractLandmarks, LANDMARK_CONFIGS } from "../../generator/audio/src/fingerprint/landmarks/index.js";
import { INDEX_LOG_FILE, SoundmarkIndex, type QueryResult } from "../../generator/audio/src/index/index.js";
import { SegmentLog } from "../../generator/audio/src/index/segment-log.js";
import { encodeAddRecord, RECORD_ADD, type TrackFingerprint } from "../../generator/audio/src/index/track-record.js";
import { pcmDuration, type Pcm } from "../../generator/audio/src/pcm.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const quick = args.includes("--quick");
const skipSmall = args.includes("--skip-small");
const budget = args.includes("--budget") ? Number(arg("budget", "400000")) : undefined;
const corpusDir = arg("corpus", "/usr/share/games/wesnoth/1.16/data/core/music");
const scale = Number(arg("scale", quick ? "0" : "10000"));
/** 10-second excerpts per track of at least 30 s: 6 gives >= 200 queries per condition (35 such tracks in the corpus). */
const perTrack = Number(arg("per-track", "6"));
const conditions = arg(
  "conditions",
  "clean,mp3-64k,noise-10db,speed+3%,pitch+1st,tempo+5%",
).split(",");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};
if (process.env.LANDMARK_PATCH) {
  // Experiments only: override configuration numbers, e.g. LANDMARK_PATCH='{"triplets_v1":{"triplets":{"targets":4}}}'.
  const merge = (target: Record<string, unknown>, patch: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(patch)) {
      if (v && typeof v === "object") merge(target[k] as Record<string, unknown>, v as Record<string, unknown>);
      else target[k] = v;
    }
  };
  merge(LANDMARK_CONFIGS as unknown as Record<string, unknown>, JSON.parse(process.env.LANDMARK_PATCH));
}
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

// ---- corpus
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".ogg"))
  .sort();
const tracks: Array<{ id: string; pcm: Pcm }> = [];
let silence: Pcm | undefined;
let t0 = performance.now();
for (const f of files) {
  const pcm = await decodeAudioFile(join(corpusDir, f));
  if (f === "silence.ogg") silence = pcm;
  else tracks.push({ id: f, pcm: { sampleRate: pcm.sampleRate, channels: pcm.channels } });
}
const corpusSeconds = tracks.reduce((s, t) => s + pcmDuration(t.pcm), 0);
console.log(`corpus: ${tracks.length} tracks, ${(corpusSeconds / 60).toFixed(1)} min, decoded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// ---- fingerprint density
const densities: Record<string, { hashesPerSecond: number; peaksPerSecond: number; queryHashesPer10s: number }> = {};
for (const name of Object.keys(LANDMARK_CONFIGS)) {
  let hashes = 0;
  let peaks = 0;
  let secs = 0;
  let q = 0;
  for (const t of tracks.slice(0, 6)) {
    const lm = extractLandmarks(t.pcm, name);
    hashes += lm.count;
    peaks += lm.peaks;
    secs += pcmDuration(t.pcm);
    q += extractLandmarks(excerpt(t.pcm, 20, 10), name, "query").count;
  }
  densities[name] = { hashesPerSecond: hashes / secs, peaksPerSecond: peaks / secs, queryHashesPer10s: q / 6 };
}
console.table(densities);

// ---- index build
const dir = mkdtempSync(join(tmpdir(), "soundmark-landmarks-"));
const dbDir = join(dir, "db");
let index = SoundmarkIndex.open(dbDir);
t0 = performance.now();
for (const t of tracks) index.add(t.id, t.pcm, { path: t.id });
const buildSeconds = (performance.now() - t0) / 1000;
const stats = index.stats();
console.log(`index: ${(corpusSeconds / buildSeconds).toFixed(0)}x realtime (all configurations, incl. resampling), ${(stats.logBytes / 2 ** 20).toFixed(1)} MiB log`, stats.postings);

// ---- queries
const rng = new SeededRandom(2024);
const queries: Array<{ track: number; start: number }> = [];
tracks.forEach((t, i) => {
  const d = pcmDuration(t.pcm);
  if (d < 30) return;
  for (let k = 0; k < perTrack; k++) queries.push({ track: i, start: Math.floor(rng.next() * (d - 10) * 100) / 100 });
});
const used = quick ? queries.filter((_, i) => i % 4 === 0) : queries;

interface Row {
  condition: string;
  queries: number;
  top1: number;
  noMatch: number;
  wrong: number;
  offsetWithin100ms: number;
  p50ms: number;
  p90ms: number;
  medianSpeed?: number;
  medianPitch?: number;
}
const expectedFactor = (c: string): { speed: number; pitch: number } => {
  const m = /^(speed|tempo|pitch)([+-]\d+)(%|st)$/.exec(c);
  if (!m) return { speed: 1, pitch: 1 };
  const v = Number(m[2]);
  if (m[1] === "speed") return { speed: 1 + v / 100, pitch: 1 + v / 100 };
  if (m[1] === "tempo") return { speed: 1 + v / 100, pitch: 1 };
  return { speed: 1, pitch: 2 ** (v / 12) };
};

async function runConditions(idx: SoundmarkIndex, label: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const condition of conditions) {
    const latencies: number[] = [];
    const speeds: number[] = [];
    const pitches: number[] = [];
    let top1 = 0;
    let none = 0;
    let wrong = 0;
    let offsetOk = 0;
    const { speed } = expectedFactor(condition);
    for (const [qi, q] of used.entries()) {
      let ex = excerpt(tracks[q.track]!.pcm, q.start, 10);
      if (condition !== "clean") ex = await applyAttack(condition, ex, qi);
      const t = performance.now();
      const r: QueryResult = idx.query(ex, budget === undefined ? {} : { postingBudget: budget });
      latencies.push(performance.now() - t);
      const m = r.matches[0];
      if (r.noMatch) none++;
      else if (m?.id === tracks[q.track]!.id) {
        top1++;
        if (Math.abs(m.offsetSeconds - q.start) <= 0.1 * Math.max(1, speed)) offsetOk++;
        if (m.speedFactor !== undefined) speeds.push(m.speedFactor);
        if (m.pitchFactor !== undefined) pitches.push(m.pitchFactor);
      } else wrong++;
    }
    const row: Row = {
      condition,
      queries: used.length,
      top1: top1 / used.length,
      noMatch: none,
      wrong,
      offsetWithin100ms: offsetOk / Math.max(1, top1),
      p50ms: median(latencies),
      p90ms: quantile(latencies, 0.9),
    };
    if (speeds.length) row.medianSpeed = median(speeds);
    if (pitches.length) row.medianPitch = median(pitches);
    rows.push(row);
    console.log(
      `${label} ${condition.padEnd(11)} top-1 ${pct(top1, used.length).padStart(6)}  no-match ${none}  wrong ${wrong}  offset<=0.1s ${pct(offsetOk, top1)}  p50 ${row.p50ms.toFixed(1)} ms  p90 ${row.p90ms.toFixed(1)} ms  speed ${row.medianSpeed?.toFixed(3) ?? "-"} pitch ${row.medianPitch?.toFixed(3) ?? "-"}`,
    );
  }
  return rows;
}

const rows = skipSmall ? [] : await runConditions(index, `[${tracks.length} tracks]`);

// ---- unindexed audio: each track's excerpts with the track removed; silence; synthetic music
const nullLog10p: number[] = [];
let falseMatches = 0;
let nullQueries = 0;
const nullQuery = (pcm: Pcm) => {
  const r = index.query(pcm, { includeWeak: true });
  nullQueries++;
  if (!r.noMatch) falseMatches++;
  nullLog10p.push(Math.log10(r.matches[0]?.pValue ?? 1));
};
t0 = performance.now();
const nullTracks = skipSmall ? [] : quick ? tracks.slice(0, 10) : tracks;
for (const t of nullTracks) {
  index.remove(t.id);
  for (const q of queries.filter((q) => tracks[q.track] === t)) {
    const ex = excerpt(t.pcm, q.start, 10);
    nullQuery(ex);
    nullQuery(await applyAttack("speed+3%", ex, 1));
  }
  index.add(t.id, t.pcm, { path: t.id });
}
if (silence) nullQuery(excerpt(silence, 0, 10));
for (let s = 0; s < (skipSmall ? 0 : 20); s++) nullQuery(syntheticMusic({ seed: 9000 + s, durationSeconds: 10, sampleRate: 44_100 }));
console.log(
  `unindexed: ${falseMatches} false matches of ${nullQueries} queries; best chance p: median 1e${median(nullLog10p).toFixed(1)}, min 1e${Math.min(...nullLog10p).toFixed(1)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
index.close();

// ---- scale: filler tracks drawn from the corpus's postings
let scaleResult: Record<string, unknown> | undefined;
if (scale > tracks.length) {
  // Filler tracks: lengths drawn from the corpus's, postings drawn from the corpus's pooled (hash, extra) postings at
  // random times: the corpus's hash statistics, without its alignments (and without near-copies of one track).
  const pools = Object.values(LANDMARK_CONFIGS).map((c) => {
    const parts = tracks.map((t) => extractLandmarks(t.pcm, c));
    const seconds = parts.reduce((sum, lm) => sum + lm.frames / lm.frameRate, 0);
    const hashes = new Uint32Array(parts.reduce((n, lm) => n + lm.count, 0));
    const extras = c.kind === "triplets" ? new Uint16Array(hashes.length) : undefined;
    let at = 0;
    for (const lm of parts) {
      hashes.set(lm.hashes, at);
      if (extras && lm.extras) extras.set(lm.extras, at);
      at += lm.count;
    }
    return { config: c.name, frameRate: parts[0]!.frameRate, perSecond: hashes.length / seconds, hashes, extras };
  });
  const durations = tracks.map((t) => pcmDuration(t.pcm));
  const log = SegmentLog.open(join(dbDir, INDEX_LOG_FILE), () => {}).log;
  const fill = new SeededRandom(77);
  t0 = performance.now();
  for (let i = tracks.length; i < scale; i++) {
    const duration = durations[fill.int(0, durations.length)]!;
    const fingerprints: TrackFingerprint[] = pools.map((pool) => {
      const frames = Math.floor(duration * pool.frameRate);
      const n = Math.round(duration * pool.perSecond);
      const hashes = new Uint32Array(n);
      const times = new Uint32Array(n);
      const extras = pool.extras ? new Uint16Array(n) : undefined;
      for (let k = 0; k < n; k++) {
        const j = fill.int(0, pool.hashes.length);
        hashes[k] = pool.hashes[j]!;
        if (extras) extras[k] = pool.extras![j]!;
        times[k] = fill.int(0, frames);
      }
      return { config: pool.config, frames, hashes, times, extras };
    });
    log.append(RECORD_ADD, encodeAddRecord({ id: `filler-${i}`, path: undefined, durationSeconds: duration, fingerprints }));
  }
  log.close();
  console.log(`filler: ${scale - tracks.length} tracks written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  index = SoundmarkIndex.open(dbDir);
  const openSeconds = (performance.now() - t0) / 1000;
  const big = index.stats();
  const heapMiB = process.memoryUsage().arrayBuffers / 2 ** 20;
  console.log(`[${index.size} tracks] open ${openSeconds.toFixed(1)} s, log ${(big.logBytes / 2 ** 30).toFixed(2)} GiB, typed arrays ${heapMiB.toFixed(0)} MiB`, big.postings);
  const scaleRows = await runConditions(index, `[${index.size} tracks]`);
  // Unindexed audio at scale: each track's excerpts (clean and 3% fast) with that track removed, synthetic music,
  // digital silence.
  let scaleFalse = 0;
  let scaleNull = 0;
  const scaleLog10p: number[] = [];
  const scaleNullQuery = (pcm: Pcm) => {
    const r = index.query(pcm, { includeWeak: true });
    scaleNull++;
    if (!r.noMatch) scaleFalse++;
    scaleLog10p.push(Math.log10(r.matches[0]?.pValue ?? 1));
  };
  for (const t of quick ? tracks.slice(0, 10) : tracks) {
    index.remove(t.id);
    for (const q of queries.filter((q) => tracks[q.track] === t)) {
      const ex = excerpt(t.pcm, q.start, 10);
      scaleNullQuery(ex);
      scaleNullQuery(await applyAttack("speed+3%", ex, 1));
    }
    index.add(t.id, t.pcm, { path: t.id });
  }
  for (let s = 0; s < 20; s++) scaleNullQuery(syntheticMusic({ seed: 9100 + s, durationSeconds: 10, sampleRate: 44_100 }));
  if (silence) scaleNullQuery(excerpt(silence, 0, 10));
  console.log(
    `[${index.size} tracks] unindexed: ${scaleFalse} false matches of ${scaleNull}; best chance p: median 1e${median(scaleLog10p).toFixed(1)}, min 1e${Math.min(...scaleLog10p).toFixed(1)}`,
  );
  index.close();
  scaleResult = { tracks: scale, openSeconds, logBytes: big.logBytes, postings: big.postings, rows: scaleRows, unindexed: { queries: scaleNull, falseMatches: scaleFalse, minLog10p: Math.min(...scaleLog10p) } };
}

rmSync(dir, { recursive: true, force: true });
mkdirSync("bench/results", { recursive: true });
const result = {
  machine: "see BENCHMARKS.md; medians of one run",
  corpus: { dir: corpusDir, tracks: tracks.length, minutes: corpusSeconds / 60, queries: used.length },
  densities,
  build: { xRealtime: corpusSeconds / buildSeconds, logBytes: stats.logBytes, postings: stats.postings },
  identification: rows,
  unindexed: { queries: nullQueries, falseMatches, medianLog10p: median(nullLog10p), minLog10p: Math.min(...nullLog10p) },
  scale: scaleResult,
};
if (!quick) writeFileSync("bench/results/landmarks.json", `${JSON.stringify(result, null, 2)}\n`);
