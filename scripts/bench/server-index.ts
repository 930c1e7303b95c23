import { join } from "node:path";
import { extractLandmarks } from "../../generator/audio/src/fingerprint/landmarks/index.js";
import { INDEX_LOG_FILE, SoundmarkIndex } from "../../generator/audio/src/index/index.js";
import { SegmentLog } from "../../generator/audio/src/index/segment-log.js";
import { encodeAddRecord, RECORD_ADD, type TrackFingerprint } from "../../generator/audio/src/index/track-record.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";

/**
 * Fills the fingerprint index in `dir` with `count` registered-track stand-ins of `seconds` each, before the server
 * opens it. Fingerprinting 10,000 three-minute tracks would take the whole benchmark's time, so (as bench:landmarks
 * does for its scale test) each filler's postings are drawn at random times from the pooled postings of a few really
 * fingerprinted synthetic songs: the hash statistics of real fingerprints, without alignments to any query.
 */
export function fillIndex(dir: string, count: number, seconds: number, poolSongs = 12): { tracks: number; seconds: number } {
  const t0 = performance.now();
  const index = SoundmarkIndex.open(dir);
  const configs = index.configs;
  index.close();
  const songs = Array.from({ length: poolSongs }, (_, i) => syntheticMusic({ seed: 90_000 + i, durationSeconds: 60, sampleRate: 16_000 }));
  const pools = configs.map((config) => {
    const parts = songs.map((pcm) => extractLandmarks(pcm, config));
    const total = parts.reduce((n, lm) => n + lm.count, 0);
    const hashes = new Uint32Array(total);
    const extras = config.kind === "triplets" ? new Uint16Array(total) : undefined;
    let at = 0;
    for (const lm of parts) {
      hashes.set(lm.hashes, at);
      if (extras && lm.extras) extras.set(lm.extras, at);
      at += lm.count;
    }
    const audioSeconds = parts.reduce((s, lm) => s + lm.frames / lm.frameRate, 0);
    return { config: config.name, frameRate: parts[0]!.frameRate, perSecond: total / audioSeconds, hashes, extras };
  });
  const log = SegmentLog.open(join(dir, INDEX_LOG_FILE), () => {}).log;
  const random = new SeededRandom(4242);
  for (let i = 0; i < count; i++) {
    const fingerprints: TrackFingerprint[] = pools.map((pool) => {
      const frames = Math.floor(seconds * pool.frameRate);
      const n = Math.round(seconds * pool.perSecond);
      const hashes = new Uint32Array(n);
      const times = new Uint32Array(n);
      const extras = pool.extras ? new Uint16Array(n) : undefined;
      for (let k = 0; k < n; k++) {
        const j = random.int(0, pool.hashes.length);
        hashes[k] = pool.hashes[j]!;
        if (extras) extras[k] = pool.extras![j]!;
        times[k] = random.int(0, frames);
      }
      return { config: pool.config, frames, hashes, times, extras };
    });
    const id = `filler-${i.toString(16).padStart(60, "0")}`;
    log.append(RECORD_ADD, encodeAddRecord({ id, path: undefined, durationSeconds: seconds, fingerprints }));
  }
  log.close();
  return { tracks: count, seconds: (performance.now() - t0) / 1000 };
}
