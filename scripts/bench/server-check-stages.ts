/**
 * Where one `checkAudio` spends its time (issue 6): decode, sha256, watermark search (nominal offsets only, and with
 * the speed / pitch search), landmark index query, on a 10-second 128 kbps MP3 clip against an index of --tracks
 * stand-in tracks (scripts/bench/server-index.ts) plus the clip's own track. No HTTP, no database: the CPU stages alone.
 *
 *   npx tsx scripts/bench/server-check-stages.ts [--tracks 500] [--runs 5]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeAudioFile } from "../../generator/audio/src/decode/index.js";
import { sha256File } from "../../generator/audio/src/hash/index.js";
import { SoundmarkIndex } from "../../generator/audio/src/index/index.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { detectWatermark, embedWatermark, generateWatermarkKey, WATERMARK_PAYLOAD_BYTES } from "../../generator/audio/src/watermark/index.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import { fillIndex } from "./server-index.js";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
};
const TRACKS = arg("tracks", 500);
const RUNS = arg("runs", 5);

const dir = mkdtempSync(join(tmpdir(), "soundmark-bench-check-stages-"));
try {
  fillIndex(join(dir, "index"), TRACKS, 180);
  const index = SoundmarkIndex.open(join(dir, "index"));
  const song = syntheticMusic({ seed: 500, durationSeconds: 90, sampleRate: 44_100 });
  index.add("song", song);
  const key = generateWatermarkKey();
  const marked = embedWatermark(song, key, new Uint8Array(WATERMARK_PAYLOAD_BYTES).fill(7)).pcm;
  const clips = { plain: join(dir, "plain.mp3"), marked: join(dir, "marked.mp3") };
  writeFileSync(clips.plain, encodeMp3(excerpt(song, 60, 10), 128));
  writeFileSync(clips.marked, encodeMp3(excerpt(marked, 60, 10), 128));

  const times = new Map<string, number[]>();
  const time = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await work();
    times.set(stage, [...(times.get(stage) ?? []), performance.now() - t]);
    return out;
  };
  for (let run = 0; run < RUNS; run++) {
    for (const [name, file] of Object.entries(clips)) {
      await time(`${name}: sha256`, () => sha256File(file));
      const audio = await time(`${name}: decode`, () => decodeAudioFile(file, { allowTruncated: true }));
      await time(`${name}: watermark, offsets only`, () => detectWatermark(audio, key, { searchScales: false }));
      await time(`${name}: watermark, default search`, () => detectWatermark(audio, key));
      await time(`${name}: index query`, () => index.query(audio, { maxMatches: 5 }));
    }
  }
  index.close();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(`\n| stage (${TRACKS + 1} tracks, ${RUNS} runs) | median ms |\n| --- | --- |`);
  for (const [stage, v] of times) console.log(`| ${stage} | ${median(v).toFixed(1)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
