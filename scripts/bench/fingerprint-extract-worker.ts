/**
 * Child process of bench:fingerprint, run pinned to one core: decodes and fingerprints each file given on the command
 * line (whole file, like `fpcalc -raw -length 0`) and prints one JSON line per file with its timings and fingerprint.
 *   argv: <mode: chromaprint|landmarks> <files...>
 */
import { readFile } from "node:fs/promises";
import { decodeAudio } from "../../generator/audio/src/decode/index.js";
import { chromaprint } from "../../generator/audio/src/fingerprint/chromaprint/index.js";
import { pcmDuration } from "../../generator/audio/src/pcm.js";

const [mode, ...files] = process.argv.slice(2);
for (const file of files) {
  const bytes = await readFile(file);
  const t0 = performance.now();
  const audio = await decodeAudio(bytes);
  const t1 = performance.now();
  let raw: number[] = [];
  if (mode === "chromaprint") {
    raw = Array.from(chromaprint(audio, { maxSeconds: 0 }).raw);
  } else if (mode === "landmarks") {
    const { extractLandmarks } = await import("../../generator/audio/src/fingerprint/landmarks/index.js");
    const { DEFAULT_INDEX_CONFIGS } = await import("../../generator/audio/src/index/index.js");
    for (const config of DEFAULT_INDEX_CONFIGS) extractLandmarks(audio, config);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const t2 = performance.now();
  console.log(JSON.stringify({ file, seconds: pcmDuration(audio), decodeMs: t1 - t0, fingerprintMs: t2 - t1, raw }));
}
