/**
 * bench:fingerprint — fingerprint extraction and identification on real music, against Chromaprint's fpcalc in the
 * same run. Installs (when missing) Debian's libchromaprint-tools, ffmpeg and the wesnoth-1.16-music corpus.
 * Prints a table and writes bench/results/fingerprint.json.
 *   npm run bench:fingerprint [-- --quick]      (--quick: 8 tracks, fewer queries; for a smoke run)
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureDebianPackages } from "./lib/debian-packages.js";
import { bitAgreement } from "../../generator/audio/src/fingerprint/chromaprint/index.js";
import { printTable } from "./lib/table.js";
import { runIdentificationBench } from "./fingerprint-identification.js";

const CORPUS_DIR = "/usr/share/games/wesnoth/1.16/data/core/music";
const quick = process.argv.includes("--quick");
/** The core the timed work is pinned to (the other one keeps the machine responsive). */
const CORE = os.cpus().length > 1 ? "1" : "0";

interface Extraction {
  file: string;
  seconds: number;
  decodeMs: number;
  fingerprintMs: number;
  raw: number[];
}

/** Runs the extraction worker pinned to one core; resolves to one record per file. */
function extractPinned(mode: "chromaprint" | "landmarks", files: string[]): Promise<{ records: Extraction[]; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      "taskset",
      ["-c", CORE, process.execPath, "--import", "tsx", "scripts/bench/fingerprint-extract-worker.ts", mode, ...files],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`extraction worker (${mode}) exited ${code}`));
      const records = out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Extraction);
      resolve({ records, wallMs: performance.now() - started });
    });
  });
}

/** fpcalc -raw -length 0 on each file, pinned to the same core; one process per file (Debian's fpcalc exits 3 at EOF). */
function fpcalcPinned(files: string[]): { raw: Map<string, number[]>; wallMs: number } {
  const raw = new Map<string, number[]>();
  const started = performance.now();
  for (const file of files) {
    let stdout = "";
    try {
      stdout = execFileSync("taskset", ["-c", CORE, "fpcalc", "-raw", "-length", "0", file], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (error) {
      // Exit code 3 ("Error decoding audio frame (End of file)") comes with a complete fingerprint on stdout.
      stdout = (error as { stdout?: string }).stdout ?? "";
    }
    const line = stdout.split("\n").find((l) => l.startsWith("FINGERPRINT="));
    raw.set(file, line ? line.slice("FINGERPRINT=".length).split(",").filter(Boolean).map(Number) : []);
  }
  return { raw, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  ensureDebianPackages(["libchromaprint-tools", "ffmpeg", "wesnoth-1.16-music"]);
  const all = (await readdir(CORPUS_DIR)).filter((f) => f.endsWith(".ogg")).sort().map((f) => path.join(CORPUS_DIR, f));
  const files = quick ? all.slice(0, 8) : all;
  console.log(`corpus: ${files.length} Ogg Vorbis tracks from ${CORPUS_DIR}; timed work pinned to core ${CORE}`);

  const fpcalc = fpcalcPinned(files);
  const ours = await extractPinned("chromaprint", files);
  const landmarks = await extractPinned("landmarks", files);
  const audioSeconds = ours.records.reduce((s, r) => s + r.seconds, 0);

  const fpcalcX = audioSeconds / (fpcalc.wallMs / 1000);
  const sumMs = (rs: Extraction[], k: "decodeMs" | "fingerprintMs") => rs.reduce((s, r) => s + r[k], 0);
  const oursTotalMs = sumMs(ours.records, "decodeMs") + sumMs(ours.records, "fingerprintMs");
  const oursX = audioSeconds / (oursTotalMs / 1000);
  const oursFingerprintOnlyX = audioSeconds / (sumMs(ours.records, "fingerprintMs") / 1000);
  const decodeX = audioSeconds / (sumMs(ours.records, "decodeMs") / 1000);
  const lmTotalMs = sumMs(landmarks.records, "decodeMs") + sumMs(landmarks.records, "fingerprintMs");
  const landmarksX = audioSeconds / (lmTotalMs / 1000);
  const landmarksOnlyX = audioSeconds / (sumMs(landmarks.records, "fingerprintMs") / 1000);

  let agree = 0;
  let total = 0;
  let exactTracks = 0;
  for (const r of ours.records) {
    const a = bitAgreement(r.raw, fpcalc.raw.get(r.file) ?? []);
    agree += a.compared * 32 - a.differingBits;
    total += a.compared * 32;
    if (a.differingBits === 0 && a.lengthDifference === 0) exactTracks++;
  }

  console.log("\nExtraction, one core, whole corpus (x realtime; ratio to fpcalc measured in this run)");
  printTable(
    ["system", "x realtime", "vs fpcalc"],
    [
      ["fpcalc -raw -length 0 (C++, ffmpeg decode; process per file)", fpcalcX.toFixed(0), "1.00"],
      ["Soundmark Chromaprint, decode included", oursX.toFixed(0), (oursX / fpcalcX).toFixed(2)],
      ["  of which: wasm Ogg Vorbis decode alone", decodeX.toFixed(0), (decodeX / fpcalcX).toFixed(2)],
      ["  of which: Chromaprint alone", oursFingerprintOnlyX.toFixed(0), (oursFingerprintOnlyX / fpcalcX).toFixed(2)],
      ["Soundmark landmarks (pairs + triplets), decode included", landmarksX.toFixed(0), (landmarksX / fpcalcX).toFixed(2)],
      ["  of which: landmarks alone", landmarksOnlyX.toFixed(0), (landmarksOnlyX / fpcalcX).toFixed(2)],
    ],
  );
  console.log(
    `\nBit agreement with fpcalc: ${((100 * agree) / total).toFixed(4)}% of ${total} bits; ` +
      `${exactTracks}/${ours.records.length} tracks identical`,
  );

  const identification = await runIdentificationBench({ quick, log: (l) => console.log(l) });

  const result = {
    corpus: { source: "Debian wesnoth-1.16-music", tracks: files.length, audioSeconds: Math.round(audioSeconds) },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, pinnedCore: CORE, node: process.version },
    extraction: {
      fpcalcXRealtime: +fpcalcX.toFixed(1),
      chromaprintXRealtime: +oursX.toFixed(1),
      chromaprintVsFpcalc: +(oursX / fpcalcX).toFixed(3),
      chromaprintOnlyXRealtime: +oursFingerprintOnlyX.toFixed(1),
      decodeOnlyXRealtime: +decodeX.toFixed(1),
      landmarksXRealtime: +landmarksX.toFixed(1),
      landmarksVsFpcalc: +(landmarksX / fpcalcX).toFixed(3),
      landmarksOnlyXRealtime: +landmarksOnlyX.toFixed(1),
    },
    fpcalcAgreement: { bitsAgreePercent: +((100 * agree) / total).toFixed(4), bits: total, exactTracks, tracks: ours.records.length },
    identification,
    quick,
    date: new Date().toISOString(),
  };
  await mkdir("bench/results", { recursive: true });
  const out = quick ? "bench/results/fingerprint-quick.json" : "bench/results/fingerprint.json";
  await writeFile(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nwrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(`bench:fingerprint failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
