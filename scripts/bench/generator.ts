/**
 * bench:generator — the style models on real MIDI (Debian planetblupi-music-midi and freedoom, installed when
 * missing): a base model pretrained on every style's training pieces (each under its own style token), one model
 * fine-tuned per artist; held-out perplexity base vs fine-tuned, style attribution of generated pieces by a
 * classifier trained on the artists' real pieces, originality (4-bar windows, fingerprint index), and speed.
 * Prints tables and writes bench/results/generator.json (generator-quick.json with --quick).
 *   npx tsx scripts/bench/generator.ts [--quick] [--epochs N] [--seed N]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SoundmarkIndex } from "../../generator/audio/src/index/index.js";
import { generateWatermarkKey } from "../../generator/audio/src/watermark/index.js";
import { selectBackend } from "../../generator/src/backend/index.js";
import { countParameters, type StyleModel } from "../../generator/src/model/index.js";
import { generateTrack } from "../../generator/src/pipeline/generate-track.js";
import { renderNoteSequence } from "../../generator/src/render/render-note-sequence.js";
import { generateTokens } from "../../generator/src/sample/index.js";
import { createVocabulary, tokensToNoteSequence, type NoteSequence } from "../../generator/src/tokenizer/index.js";
import { tokensToGrid } from "../../generator/src/tokenizer/tokens-to-grid.js";
import { evaluatePerplexity, trainModel, type TrainProgress } from "../../generator/src/train/index.js";
import { loadBenchCorpus, type BenchPiece, type StyleSplit } from "./generator-corpus.js";
import { classifyPiece, trainClassifier } from "./generator-classifier.js";
import { chunkBars, extractFeatures } from "./generator-features.js";
import { copiedWindows, windowKeySet } from "./generator-originality.js";
import { ensureDebianPackages } from "./lib/debian-packages.js";
import { summarize } from "./lib/summary.js";
import { printTable } from "./lib/table.js";

const argv = process.argv.slice(2);
const flag = (name: string): number | undefined => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = Number(argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a non-negative integer (got ${argv[i + 1]})`);
  return value;
};
const quick = argv.includes("--quick");
const seed = flag("--seed") ?? 1;
const epochs = flag("--epochs");

/** Sized for about 20 minutes on 2 shared cores with the wasm backend (measured: ~2,800 training tokens/s). */
const settings = {
  pretrainEpochs: epochs ?? (quick ? 1 : 4),
  pretrainStepsPerEpoch: quick ? 6 : 50,
  fineTuneEpochs: epochs ?? (quick ? 2 : 6),
  fineTuneStepsPerEpoch: quick ? 3 : 10,
  batchSize: 16,
  fineTuneLearningRate: 3e-4,
  l2: 1e-3,
  dropout: 0.1,
  patience: 2,
  heldOutFraction: 0.2,
  minPieces: 6,
  /** Held-out pieces are scored on their first tokens (Planet Blupi's run to ~90,000 tokens each). */
  evalTokens: quick ? 1024 : 8192,
  generatedPerArtist: quick ? 2 : 10,
  generatedSeconds: quick ? 10 : 30,
  sampling: { temperature: 1, topP: 0.95 },
  chunkBars: 16,
  maxChunksPerPiece: 24,
  windowBars: 4,
  renderSeconds: quick ? 20 : 60,
  trackSeconds: 60,
};

const vocabulary = createVocabulary();
const phases: Record<string, number> = {};
async function phase<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  console.log(`\n== ${name}`);
  try {
    return await run();
  } finally {
    phases[name] = Math.round((performance.now() - started) / 100) / 10;
    console.log(`   (${phases[name]} s)`);
  }
}

function progressPrinter(label: string): (p: TrainProgress) => void {
  return (p) => {
    if (p.kind === "step" && p.step % 10 === 0) console.log(`   ${label} epoch ${p.epoch}/${p.epochs} step ${p.step}/${p.steps} loss ${p.loss.toFixed(3)} (${Math.round(p.tokensPerSecond)} tok/s)`);
    if (p.kind === "epoch") {
      const m = p.metrics;
      const held = m.validationPerplexity === undefined ? "" : `, held-out ppl ${m.validationPerplexity.toFixed(2)}`;
      console.log(`   ${label} epoch ${m.epoch}: train ppl ${m.trainPerplexity.toFixed(2)}${held} (${m.tokens} tokens, ${m.seconds.toFixed(1)} s)`);
    }
  };
}

const evalTokensOf = (p: BenchPiece) => p.tokens.slice(0, settings.evalTokens);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The first `seconds` of a piece's notes (the renderer refuses notes past its length limit; pieces run to 28 minutes). */
function opening(sequence: NoteSequence, seconds: number): NoteSequence {
  return { ...sequence, notes: sequence.notes.filter((n) => n.startSeconds < seconds) };
}

function pieceChunksFeatures(tokens: readonly number[]): number[][] {
  const grid = tokensToGrid(tokens, vocabulary);
  return chunkBars(grid, settings.chunkBars, vocabulary.spec.positionsPerBar, settings.maxChunksPerPiece).map((c) => extractFeatures(c, vocabulary.spec.positionsPerBar));
}

interface Generated {
  style: string;
  seed: number;
  tokens: number[];
  seconds: number;
  generateSeconds: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  ensureDebianPackages(["planetblupi-music-midi", "freedoom"]);
  const backend = await selectBackend({ log: (l) => console.log(l) });

  const corpus = await phase("load corpora", () => loadBenchCorpus(vocabulary, { heldOutFraction: settings.heldOutFraction, seed, minPieces: settings.minPieces }));
  const { artists } = corpus;
  if (artists.length < 2) throw new Error(`only ${artists.length} style(s) with ${settings.minPieces}+ pieces`);
  printTable(
    ["style", "train pieces", "held-out pieces", "train tokens"],
    [
      ...artists.map((a) => [a.style, a.train.length, a.heldOut.length, a.train.reduce((n, p) => n + p.tokens.length, 0)]),
      ["(pretraining only) " + (corpus.general[0]?.style ?? "-"), corpus.general.length, 0, corpus.general.reduce((n, p) => n + p.tokens.length, 0)],
    ],
  );

  // --- pretraining: every style's training pieces, each under its own style token.
  const trainingPieces = [...corpus.general, ...artists.flatMap((a) => a.train)];
  const base = await phase("pretrain base model", () =>
    trainModel({
      pieces: trainingPieces.map((p) => ({ tokens: p.tokens, styleId: p.style })),
      validationPieces: artists.flatMap((a) => a.heldOut.map((p) => ({ tokens: evalTokensOf(p), styleId: a.style }))),
      styleId: corpus.general[0]?.style ?? artists[0]!.style,
      epochs: settings.pretrainEpochs,
      maxStepsPerEpoch: settings.pretrainStepsPerEpoch,
      batchSize: settings.batchSize,
      earlyStoppingPatience: settings.patience,
      seed,
      onProgress: progressPrinter("base"),
    }),
  );
  const parameters = countParameters(base.model.config);
  console.log(`   base: ${parameters} parameters, best epoch ${base.bestEpoch}, ${Math.round(base.tokensPerSecond)} training tokens/s`);

  // --- fine-tuning per artist, and held-out perplexity of base vs fine-tuned.
  const tuned = new Map<string, StyleModel>();
  const fineTune: Array<Record<string, unknown>> = [];
  await phase("fine-tune per artist", async () => {
    for (const artist of artists) {
      const held = artist.heldOut.map(evalTokensOf);
      const result = await trainModel({
        pieces: artist.train.map((p) => p.tokens),
        validationPieces: held,
        styleId: artist.style,
        base: base.model,
        epochs: settings.fineTuneEpochs,
        maxStepsPerEpoch: settings.fineTuneStepsPerEpoch,
        batchSize: settings.batchSize,
        learningRate: settings.fineTuneLearningRate,
        l2: settings.l2,
        dropout: settings.dropout,
        earlyStoppingPatience: settings.patience,
        seed: seed + 1,
        onProgress: progressPrinter(artist.style),
      });
      tuned.set(artist.style, result.model);
      const basePpl = evaluatePerplexity(base.model, held, artist.style, settings.batchSize);
      const tunedPpl = evaluatePerplexity(result.model, held, artist.style, settings.batchSize);
      fineTune.push({
        style: artist.style,
        heldOutTokens: basePpl.tokens,
        basePerplexity: round(basePpl.perplexity),
        fineTunedPerplexity: round(tunedPpl.perplexity),
        fineTunedBelowBase: tunedPpl.perplexity < basePpl.perplexity,
        epochs: result.epochs.length,
        bestEpoch: result.bestEpoch,
        stoppedEarly: result.stoppedEarly,
        trainingTokensPerSecond: Math.round(result.tokensPerSecond),
        modelHash: result.model.hash(),
      });
    }
  });

  // --- generation: fixed seeds per artist.
  const generated: Generated[] = [];
  await phase("generate", async () => {
    for (const [a, artist] of artists.entries()) {
      for (let i = 0; i < settings.generatedPerArtist; i++) {
        const pieceSeed = seed * 10_000 + a * 100 + i;
        const t0 = performance.now();
        const out = await generateTokens(tuned.get(artist.style)!, { styleId: artist.style, seconds: settings.generatedSeconds, seed: pieceSeed, ...settings.sampling });
        const generateSeconds = (performance.now() - t0) / 1000;
        generated.push({ style: artist.style, seed: pieceSeed, tokens: out.tokens, seconds: out.seconds, generateSeconds });
      }
      const own = generated.filter((g) => g.style === artist.style);
      const tokens = own.reduce((n, g) => n + g.tokens.length, 0);
      console.log(`   ${artist.style}: ${own.length} pieces, ${tokens} tokens, ${Math.round(tokens / own.reduce((s, g) => s + g.generateSeconds, 0))} tokens/s`);
    }
  });

  // --- style attribution.
  const attribution = await phase("style attribution", () => {
    const samples = artists.flatMap((a) => a.train.flatMap((p) => pieceChunksFeatures(p.tokens).map((features) => ({ features, label: a.style }))));
    const classifier = trainClassifier(samples);
    const heldOutReal = artists.flatMap((a) => a.heldOut.map((p) => ({ style: a.style, name: p.name, predicted: classifyPiece(classifier, pieceChunksFeatures(p.tokens)) })));
    const onGenerated = generated.map((g) => ({ style: g.style, seed: g.seed, predicted: classifyPiece(classifier, pieceChunksFeatures(g.tokens)) }));
    const rate = (xs: Array<{ style: string; predicted: string }>) => xs.filter((x) => x.predicted === x.style).length / Math.max(1, xs.length);
    const confusion = Object.fromEntries(artists.map((a) => [a.style, Object.fromEntries(artists.map((b) => [b.style, onGenerated.filter((g) => g.style === a.style && g.predicted === b.style).length]))]));
    return {
      classifier: "multinomial logistic regression, standardised features, class-balanced, L2 0.01",
      trainingChunks: samples.length,
      chunkBars: settings.chunkBars,
      heldOutRealAccuracy: round(rate(heldOutReal)),
      heldOutReal,
      generatedAccuracy: round(rate(onGenerated)),
      generatedPerStyle: Object.fromEntries(artists.map((a) => [a.style, round(rate(onGenerated.filter((g) => g.style === a.style)))])),
      confusion,
      chance: round(1 / artists.length),
    };
  });
  console.log(`   held-out real pieces: ${(100 * attribution.heldOutRealAccuracy).toFixed(0)}% correct; generated: ${(100 * attribution.generatedAccuracy).toFixed(0)}% attributed to the intended artist (chance ${(100 * attribution.chance).toFixed(0)}%)`);

  // --- originality, symbolic: 4-bar windows against every training piece (the base saw them all).
  const windows = await phase("originality: 4-bar windows", () => {
    const keys = windowKeySet(trainingPieces.map((p) => p.tokens), vocabulary, settings.windowBars, true);
    const perPiece = generated.map((g) => ({ style: g.style, seed: g.seed, copied: copiedWindows(g.tokens, keys, vocabulary, settings.windowBars, true) }));
    const windowsChecked = generated.reduce((n, g) => n + Math.max(0, tokensToGrid(g.tokens, vocabulary).bars - settings.windowBars + 1), 0);
    const copies = perPiece.flatMap((p) => p.copied.map((c) => ({ style: p.style, seed: p.seed, firstBar: c.firstBar, notes: c.notes })));
    return { trainingWindows: keys.size, windowsChecked, copiedWindows: copies.length, piecesWithCopies: perPiece.filter((p) => p.copied.length > 0).length, copies: copies.slice(0, 20), transpositionInvariant: true };
  });
  console.log(`   ${windows.copiedWindows} of ${windows.windowsChecked} generated 4-bar windows found among ${windows.trainingWindows} training windows`);

  // --- originality, audio: rendered training openings in a fingerprint index, every generated track queried.
  const fingerprint = await phase("originality: fingerprint index", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-generator-index-"));
    try {
      const index = SoundmarkIndex.open(dir);
      let renderedSeconds = 0;
      for (const artist of artists) {
        for (const p of artist.train) {
          const { pcm } = renderNoteSequence(opening(tokensToNoteSequence(p.tokens, vocabulary), settings.renderSeconds), { durationSeconds: settings.renderSeconds });
          index.add(p.name, pcm, { path: p.name });
          renderedSeconds += settings.renderSeconds;
        }
      }
      // Control: a 15 s excerpt of each artist's first training piece must be found (the index works on this audio).
      const controls = artists.map((a) => {
        const sequence = opening(tokensToNoteSequence(a.train[0]!.tokens, vocabulary), settings.renderSeconds);
        const { pcm } = renderNoteSequence(sequence, { durationSeconds: settings.renderSeconds });
        const from = Math.floor(pcm.sampleRate * Math.min(5, settings.renderSeconds / 4));
        const excerpt = { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.slice(from, from + 15 * pcm.sampleRate)) };
        return index.query(excerpt).matches[0]?.id === a.train[0]!.name;
      });
      const matches = generated.flatMap((g) => {
        const { pcm } = renderNoteSequence(tokensToNoteSequence(g.tokens, vocabulary), { durationSeconds: g.seconds });
        const result = index.query(pcm);
        return result.noMatch ? [] : [{ style: g.style, seed: g.seed, match: result.matches[0]!.id, pValue: result.matches[0]!.pValue }];
      });
      index.close();
      return { indexedTracks: index.size, renderedSeconds, queries: generated.length, matches: matches.length, matched: matches, controlExcerptsFound: controls.filter(Boolean).length, controls: controls.length };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  console.log(`   ${fingerprint.matches} of ${fingerprint.queries} generated tracks match one of ${fingerprint.indexedTracks} indexed training tracks; control excerpts found ${fingerprint.controlExcerptsFound}/${fingerprint.controls}`);

  // --- one 60 s track through the whole pipeline: generate, render, watermark, write.
  const track = await phase("60 s track: generate + render + watermark", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-generator-track-"));
    try {
      const { manifest } = await generateTrack({
        model: tuned.get(artists[0]!.style)!, style: artists[0]!.style, seconds: settings.trackSeconds, seed,
        sampling: settings.sampling, watermarkKey: generateWatermarkKey(), out: path.join(dir, "track.wav"),
      });
      return { style: artists[0]!.style, seconds: settings.trackSeconds, tokens: manifest.generator.tokens, timings: manifest.timings };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const genTokens = generated.reduce((n, g) => n + g.tokens.length, 0);
  const genSeconds = generated.reduce((s, g) => s + g.generateSeconds, 0);
  const speed = {
    backend: backend.name,
    wasm: backend.wasm,
    pretrainTokensPerSecond: Math.round(base.tokensPerSecond),
    fineTuneTokensPerSecond: summarize(fineTune.map((f) => f.trainingTokensPerSecond as number)).median,
    generateTokensPerSecond: Math.round(genTokens / genSeconds),
    generateTokensPerSecondPerPiece: summarize(generated.map((g) => g.tokens.length / g.generateSeconds)),
    track60sTotalSeconds: track.timings.totalMs / 1000,
  };

  console.log("\nPer artist (held-out perplexity on each held-out piece's first tokens; attribution of generated pieces)");
  printTable(
    ["artist", "held-out tokens", "base ppl", "fine-tuned ppl", "best/epochs", "attributed", "copied 4-bar", "fp matches"],
    artists.map((a: StyleSplit) => {
      const f = fineTune.find((x) => x.style === a.style)!;
      const own = generated.filter((g) => g.style === a.style);
      return [
        a.style, String(f.heldOutTokens), String(f.basePerplexity), String(f.fineTunedPerplexity), `${String(f.bestEpoch)}/${String(f.epochs)}`,
        `${own.length ? Math.round(own.length * attribution.generatedPerStyle[a.style]!) : 0}/${own.length}`,
        String(windows.copies.filter((c) => c.style === a.style).length), String(fingerprint.matched.filter((m) => m.style === a.style).length),
      ];
    }),
  );
  console.log(`\nSpeed (backend ${backend.name}${backend.wasm ? `, SIMD ${backend.wasm.simd}, ${backend.wasm.threads} thread(s)` : ""}; model ${parameters} parameters)`);
  printTable(
    ["quantity", "value"],
    [
      ["pretraining tokens/s", speed.pretrainTokensPerSecond],
      ["fine-tuning tokens/s (median over artists)", Math.round(speed.fineTuneTokensPerSecond)],
      ["generation tokens/s (KV cache, all pieces)", speed.generateTokensPerSecond],
      [`${settings.trackSeconds} s track: generate / render / watermark / total (s)`, [track.timings.generateMs, track.timings.renderMs, track.timings.watermarkMs, track.timings.totalMs].map((ms) => (ms / 1000).toFixed(2)).join(" / ")],
    ],
  );
  const ppls = fineTune.every((f) => f.fineTunedBelowBase === true);
  const targets = [
    ["fine-tuned held-out perplexity below base, every artist", "yes", ppls ? "yes" : "no", ppls],
    ["generated pieces attributed to the intended artist", ">= 80%", `${(100 * attribution.generatedAccuracy).toFixed(0)}%`, attribution.generatedAccuracy >= 0.8],
    ["generated 4-bar windows copied from training", "0", String(windows.copiedWindows), windows.copiedWindows === 0],
    ["generated tracks matching a training track (fingerprint)", "0", String(fingerprint.matches), fingerprint.matches === 0],
    [`${settings.trackSeconds} s generate + render + watermark, 2 cores (${backend.name})`, "<= 10 s", `${speed.track60sTotalSeconds.toFixed(1)} s`, speed.track60sTotalSeconds <= 10],
  ] as const;
  console.log("\nTargets");
  printTable(["target", "goal", "measured", "met"], targets.map(([t, g, m, ok]) => [t, g, m, ok ? "yes" : "NO"]));
  console.log("\nWall time per phase (s)");
  printTable(["phase", "seconds"], Object.entries(phases).map(([k, v]) => [k, v.toFixed(1)]));

  const result = {
    quick,
    seed,
    settings,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    corpus: {
      sources: ["Debian planetblupi-music-midi", "Debian freedoom (freedoom1.wad, freedoom2.wad D_* lumps)"],
      styles: artists.map((a) => ({ style: a.style, description: a.description, train: a.train.map((p) => p.name), heldOut: a.heldOut.map((p) => p.name) })),
      pretrainingOnly: corpus.general.map((p) => p.name),
      skipped: corpus.skipped,
    },
    model: { config: { ...base.model.config, vocabulary: undefined, styles: base.model.styles }, parameters, baseHash: base.model.hash(), baseEpochs: base.epochs, baseBestEpoch: base.bestEpoch },
    fineTune,
    attribution,
    originality: { windows, fingerprint },
    speed,
    track,
    targets: targets.map(([target, goal, measured, met]) => ({ target, goal, measured, met })),
    phasesSeconds: phases,
    totalSeconds: Math.round((performance.now() - started) / 1000),
    date: new Date().toISOString(),
  };
  base.model.dispose();
  for (const m of tuned.values()) m.dispose();
  await mkdir("bench/results", { recursive: true });
  const out = quick ? "bench/results/generator-quick.json" : "bench/results/generator.json";
  await writeFile(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`\nwrote ${out} (${result.totalSeconds} s in all)`);
}

main().catch((error: unknown) => {
  console.error(`bench:generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
