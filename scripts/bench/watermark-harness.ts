/**
 * A fast development harness for the watermark (not the benchmark: `npm run bench:watermark` gives the official
 * numbers). Real music: 12 s segments of the Debian Wesnoth music (.ogg, decoded once and cached in the temp dir);
 * sparse music: seeded note sequences rendered by the generator's built-in synth (a few notes a second). Each item is
 * marked under its own key with a seeded payload, a 10 s excerpt is cut at a seeded offset, attacked, and detected
 * with the offsets-only search (what settles unscaled attacks); the unmarked excerpts are searched too (false
 * positives). Prints a table and writes JSON.
 *
 *   npx tsx scripts/bench/watermark-harness.ts [--tracks 16] [--sparse 8] [--attacks none,mp3-128k,aac-64k,noise-20db,crop-3s]
 *     [--sparse-attacks none,mp3-128k] [--scales] [--out /tmp/watermark-harness.json]
 * Attack names: presets of generator/audio/src/attacks (ATTACKS), the benchmark's steps (crop-3s, crop-5s, aac-64k,
 * opus-32k, mix-track-10db: mixes in the next item), s16 (a 16-bit WAV round trip, what the generator writes), chained
 * with "*" (s16*mp3-128k).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { applyAttack, ATTACKS, crop } from "../../generator/audio/src/attacks/index.js";
import { decodeAudioFile, decodeWav } from "../../generator/audio/src/decode/index.js";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { pcmDuration, type Pcm } from "../../generator/audio/src/pcm.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import {
  detectWatermark,
  embedWatermark,
  WATERMARK_PAYLOAD_BYTES,
  watermarkKeyId,
  type WatermarkKey,
} from "../../generator/audio/src/watermark/index.js";
import { downmix } from "../../generator/audio/src/pcm.js";
import { Resampler } from "../../generator/audio/src/resample/resampler.js";
import { convEncode } from "../../generator/audio/src/watermark/convolutional-code.js";
import { messageBits } from "../../generator/audio/src/watermark/embed-watermark.js";
import { INTERNAL_RATE, UNITS_PER_SPAN, watermarkPattern } from "../../generator/audio/src/watermark/layout.js";
import { PairFeatures, spectrogram } from "../../generator/audio/src/watermark/pair-features.js";
import { UnitProjections } from "../../generator/audio/src/watermark/unit-projections.js";
import { renderNoteSequence } from "../../generator/src/render/render-note-sequence.js";
import { BENCH_STEPS } from "./watermark-attacks.js";

const MUSIC_DIR = "/usr/share/games/wesnoth/1.16/data/core/music";
const SEGMENT_SECONDS = 12;
const EXCERPT_SECONDS = 10;

const { values: args } = parseArgs({
  options: {
    tracks: { type: "string", default: "16" },
    sparse: { type: "string", default: "8" },
    attacks: { type: "string", default: "none,mp3-128k,aac-64k,noise-20db,crop-3s" },
    "sparse-attacks": { type: "string", default: "none,mp3-128k" },
    scales: { type: "boolean", default: false },
    out: { type: "string", default: join(tmpdir(), "watermark-harness.json") },
  },
});

interface Item {
  name: string;
  kind: "music" | "sparse";
  pcm: Pcm;
}

/** A seeded 12 s segment of each of the first `count` tracks that are long enough (decoded once, cached). */
async function musicItems(count: number): Promise<Item[]> {
  if (count === 0) return [];
  if (!existsSync(MUSIC_DIR)) throw new Error(`${MUSIC_DIR} is missing (Debian package wesnoth-1.16-music)`);
  const cache = join(tmpdir(), "soundmark-watermark-harness");
  mkdirSync(cache, { recursive: true });
  const items: Item[] = [];
  for (const file of readdirSync(MUSIC_DIR).filter((f) => f.endsWith(".ogg")).sort()) {
    if (items.length === count) break;
    const cached = join(cache, `${file}.json`);
    let pcm: Pcm | undefined;
    if (existsSync(cached)) {
      const meta = JSON.parse(readFileSync(cached, "utf8")) as { sampleRate: number; channels: number; length: number };
      if (meta.length === 0) continue;
      const raw = new Float32Array(readFileSync(`${cached}.f32`).buffer.slice(0));
      pcm = { sampleRate: meta.sampleRate, channels: Array.from({ length: meta.channels }, (_, c) => raw.slice(c * meta.length, (c + 1) * meta.length)) };
    } else {
      const decoded = await decodeAudioFile(join(MUSIC_DIR, file));
      const whole: Pcm = { sampleRate: decoded.sampleRate, channels: decoded.channels };
      if (pcmDuration(whole) < SEGMENT_SECONDS + 4) {
        writeFileSync(cached, JSON.stringify({ sampleRate: 0, channels: 0, length: 0 }));
        continue;
      }
      const start = new SeededRandom(seedOfName(file)).next() * (pcmDuration(whole) - SEGMENT_SECONDS - 2) + 1;
      pcm = crop(whole, { startSeconds: Math.floor(start * 100) / 100, durationSeconds: SEGMENT_SECONDS });
      const length = pcm.channels[0]!.length;
      const raw = new Float32Array(length * pcm.channels.length);
      pcm.channels.forEach((ch, c) => raw.set(ch, c * length));
      writeFileSync(`${cached}.f32`, Buffer.from(raw.buffer));
      writeFileSync(cached, JSON.stringify({ sampleRate: pcm.sampleRate, channels: pcm.channels.length, length }));
    }
    items.push({ name: file.replace(/\.ogg$/, ""), kind: "music", pcm });
  }
  return items;
}

/** Seeded sparse note sequences (a note every 0.3-1 s, 0.2-0.8 s long) rendered by the built-in synth. */
function sparseItems(count: number): Item[] {
  return Array.from({ length: count }, (_, k) => {
    const rng = new SeededRandom(1000 + k);
    const notes = [];
    for (let time = 0; time < SEGMENT_SECONDS; time += 0.3 + rng.next() * 0.7) {
      notes.push({
        pitch: 48 + rng.int(0, 30),
        velocity: 60 + rng.int(0, 50),
        startSeconds: time,
        durationSeconds: 0.2 + rng.next() * 0.6,
        program: rng.int(0, 2) * 40,
        isDrum: false,
      });
    }
    const { pcm } = renderNoteSequence({ tempoBpm: 120, notes }, { durationSeconds: SEGMENT_SECONDS });
    return { name: `sparse-${k}`, kind: "sparse" as const, pcm };
  });
}

function seedOfName(name: string): number {
  return createHash("sha256").update(name).digest().readUInt32BE(0);
}

function keyOf(name: string): WatermarkKey {
  const secret = createHash("sha256").update(`watermark-harness-key/${name}`).digest("hex");
  return { keyId: watermarkKeyId(secret), secret };
}

/** A preset of the attack registry or a benchmark step; "a*b" chains a then b; mixing draws from `other`. */
async function attack(name: string, pcm: Pcm, seed: number, other: Pcm): Promise<Pcm> {
  let out = pcm;
  for (const step of name.split("*")) {
    if (step === "s16") {
      const decoded = await decodeWav(encodeWav(out, "s16"));
      out = { sampleRate: decoded.sampleRate, channels: decoded.channels };
    } else if (Object.hasOwn(BENCH_STEPS, step)) out = await BENCH_STEPS[step]!(out, new SeededRandom(seed), { other });
    else if (Object.hasOwn(ATTACKS, step)) out = await applyAttack(step, out, seed);
    else throw new Error(`unknown attack ${step}`);
  }
  return out;
}

/**
 * A continuous measure of the mark's quality (less noisy than detection counts on a few items): the mean over all
 * unit copies of cos(2 pi (x / step - dither - bit / 2)) at the true alignment (the excerpt's start, refined over
 * +-24 ms in 1 ms steps for codec delays): 1 where every unit sits on its lattice point, 0 for unmarked audio.
 */
function latticeFit(pcm: Pcm, key: WatermarkKey, payload: Uint8Array, startSeconds: number, step: number): number {
  const pattern = watermarkPattern(key);
  const coded = convEncode(messageBits(payload));
  const x = Resampler.forRates(pcm.sampleRate, INTERNAL_RATE, { quality: "medium" }).process(downmix(pcm));
  const features = new PairFeatures(spectrogram(x));
  const projections = new UnitProjections();
  let best = -Infinity;
  for (let d = -384; d <= 384; d += 16) {
    features.compute({ time: 1, freq: 1 }, Math.round(startSeconds * INTERNAL_RATE) + d);
    projections.compute(features, pattern, 0);
    let sum = 0;
    for (let s = 0; s < projections.count; s++) {
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        const u = projections.blockSpan[s]! * UNITS_PER_SPAN + l;
        const bit = pattern.codedBit[u]! < 0 ? 0 : coded[pattern.codedBit[u]!]!;
        sum += Math.cos(2 * Math.PI * (projections.values[s * UNITS_PER_SPAN + l]! / step - pattern.dither[u]! - bit / 2));
      }
    }
    best = Math.max(best, sum / Math.max(1, projections.count * UNITS_PER_SPAN));
  }
  return best;
}

interface Row {
  attack: string;
  kind: Item["kind"];
  n: number;
  detected: number;
  exact: number;
  wrong: number;
  bitErrors: number;
  scores: number[];
  fits: number[];
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const items = [...(await musicItems(Number(args.tracks))), ...sparseItems(Number(args.sparse))];
const rows = new Map<string, Row>();
const snr: Record<Item["kind"], number[]> = { music: [], sparse: [] };
const unmarked = { n: 0, detected: 0, minP: 1 };
const perItem: Record<string, unknown>[] = [];
let embedSeconds = 0;
let detectSeconds = 0;
let detections = 0;
for (const item of items) {
  const rng = new SeededRandom(seedOfName(`payload/${item.name}`));
  const key = keyOf(item.name);
  const payload = Uint8Array.from({ length: WATERMARK_PAYLOAD_BYTES }, () => rng.int(0, 256));
  const t0 = performance.now();
  const marked = embedWatermark(item.pcm, key, payload);
  embedSeconds += (performance.now() - t0) / 1000;
  snr[item.kind].push(marked.snrDb);
  const start = Math.floor((0.5 + rng.next()) * 1000) / 1000;
  const excerpt = crop(marked.pcm, { startSeconds: start, durationSeconds: EXCERPT_SECONDS });
  const line: Record<string, unknown> = { name: item.name, snrDb: Number(marked.snrDb.toFixed(2)), strength: Number(marked.strength.toFixed(3)), qimStep: marked.qimStep };
  const attacks = (item.kind === "music" ? args.attacks : args["sparse-attacks"]).split(",").filter(Boolean);
  for (const name of attacks) {
    const other = items[(items.indexOf(item) + 1) % items.length]!.pcm;
    const attacked = name === "none" ? excerpt : await attack(name, excerpt, seedOfName(`${name}/${item.name}`), other);
    const t1 = performance.now();
    const r = detectWatermark(attacked, key, { searchScales: args.scales });
    detectSeconds += (performance.now() - t1) / 1000;
    detections++;
    const exact = r.payload !== undefined && Buffer.from(r.payload).equals(Buffer.from(payload));
    const row = rows.get(`${item.kind}/${name}`) ?? { attack: name, kind: item.kind, n: 0, detected: 0, exact: 0, wrong: 0, bitErrors: 0, scores: [], fits: [] };
    row.n++;
    if (r.detected) row.detected++;
    if (exact) row.exact++;
    if (r.payload && !exact) row.wrong++;
    row.bitErrors += r.bitErrors;
    row.scores.push(r.score);
    const fit = name.startsWith("crop") ? NaN : latticeFit(attacked, key, payload, start, marked.qimStep);
    if (!Number.isNaN(fit)) row.fits.push(fit);
    rows.set(`${item.kind}/${name}`, row);
    line[name] = `${exact ? "OK" : r.detected ? "det" : "-"} z${r.score.toFixed(1)} e${r.bitErrors}${Number.isNaN(fit) ? "" : ` fit${fit.toFixed(2)}`}`;
  }
  const plain = crop(item.pcm, { startSeconds: start, durationSeconds: EXCERPT_SECONDS });
  const null_ = detectWatermark(plain, key, { searchScales: args.scales });
  unmarked.n++;
  if (null_.detected) unmarked.detected++;
  unmarked.minP = Math.min(unmarked.minP, null_.falsePositiveProbability);
  perItem.push(line);
  console.log(JSON.stringify(line));
}

const table = [...rows.values()].map((r) => ({
  kind: r.kind,
  attack: r.attack,
  n: r.n,
  detected: r.detected,
  exact: r.exact,
  wrong: r.wrong,
  meanBitErrors: Number((r.bitErrors / Math.max(1, r.detected)).toFixed(1)),
  medianScore: Number(median(r.scores).toFixed(2)),
  meanScore: Number((r.scores.reduce((a, b) => a + b, 0) / r.n).toFixed(2)),
  meanFit: r.fits.length > 0 ? Number((r.fits.reduce((a, b) => a + b, 0) / r.fits.length).toFixed(3)) : null,
}));
console.log("\n| items | attack | n | detected | exact payload | wrong | mean bit errors (detected) | median z | mean z | mean lattice fit |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const t of table) {
  console.log(`| ${t.kind} | ${t.attack} | ${t.n} | ${t.detected} | ${t.exact} | ${t.wrong} | ${t.meanBitErrors} | ${t.medianScore} | ${t.meanScore} | ${t.meanFit ?? "-"} |`);
}
const snrSummary = Object.fromEntries(
  Object.entries(snr)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => [k, { median: Number(median(v).toFixed(2)), min: Number(Math.min(...v).toFixed(2)) }]),
);
console.log(`\nSNR dB ${JSON.stringify(snrSummary)}; unmarked excerpts detected ${unmarked.detected}/${unmarked.n} (min p ${unmarked.minP.toExponential(2)})`);
console.log(`embed ${(embedSeconds / items.length).toFixed(2)} s per ${SEGMENT_SECONDS} s item; detect ${(detectSeconds / detections).toFixed(3)} s per excerpt`);
writeFileSync(args.out, JSON.stringify({ table, snr: snrSummary, unmarked, items: perItem }, null, 2));
console.log(`wrote ${args.out}`);
