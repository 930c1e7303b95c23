/**
 * bench:generator — the style models on real MIDI (Debian planetblupi-music-midi and freedoom, installed when
 * missing): a base model pretrained on every style's training pieces (each under its own style token), one model
 * fine-tuned per artist; held-out perplexity base vs fine-tuned, style attribution of generated pieces by a
 * classifier trained on the artists' real pieces, originality (4-bar windows, fingerprint index), and speed.
 * Prints tables and writes bench/results/generator.json (generator-quick.json with --quick).
 * Early stopping (pretraining and fine-tuning) and every tuned setting use VALIDATION pieces split from the training
 * side; the held-out pieces serve the reported perplexities and attribution only.
 *   npx tsx scripts/bench/generator.ts [--quick] [--epochs N] [--seed N] [--models-dir DIR]
 * --models-dir DIR keeps the trained models in DIR and reuses them when their recipe (settings, seed, pieces' tokens,
 * training code version) matches, so that sampling and attribution experiments take seconds; the JSON says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SoundmarkIndex } from "../../generator/audio/src/index/index.js";
import { generateWatermarkKey } from "../../generator/audio/src/watermark/index.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { selectBackend } from "../../generator/src/backend/index.js";
import { countParameters } from "../../generator/src/model/index.js";
import { generateTrack } from "../../generator/src/pipeline/generate-track.js";
import { renderNoteSequence } from "../../generator/src/render/render-note-sequence.js";
import { generateTokens } from "../../generator/src/sample/index.js";
import { streamSeconds } from "../../generator/src/sample/time-tracker.js";
import { createVocabulary, tokensToNoteSequence, type NoteSequence } from "../../generator/src/tokenizer/index.js";
import { tokensToGrid } from "../../generator/src/tokenizer/tokens-to-grid.js";
import { evaluatePerplexity, type TrainProgress } from "../../generator/src/train/index.js";
import { loadBenchCorpus, type BenchPiece, type StyleSplit } from "./generator-corpus.js";
import { ModelStore } from "./generator-model-store.js";
import { benchSettings, SELECTION } from "./generator-settings.js";
import { trainBenchModels } from "./generator-training.js";
import { classifyPiece } from "./generator-classifier.js";
import { featureNames } from "./generator-features.js";
import { pieceChunkFeatures, trainPieceClassifier } from "./generator-piece-features.js";
import { continuation, drawPrompt } from "./generator-prompts.js";
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
const stringFlag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
};
const quick = argv.includes("--quick");
const seed = flag("--seed") ?? 1;
const epochs = flag("--epochs");
const modelsDir = stringFlag("--models-dir");

const settings = benchSettings({ quick, epochs });
/** Chosen by leave-one-piece-out accuracy over the training pieces (generator-tune.ts classifier), not on held-out pieces. */
const CLASSIFIER_L2 = 0.1;
const CLASSIFIER_SELECTION =
  "features and L2 chosen by leave-one-piece-out accuracy over the artists' training pieces and accuracy on the validation pieces (scripts/bench/generator-tune.ts classifier): original 68 features 0.72-0.82, extended 0.93-0.96 (L2 0.03-0.3)";
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
      const held = m.validationPerplexity === undefined ? "" : `, validation ppl ${m.validationPerplexity.toFixed(2)}`;
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

const pieceChunksFeatures = (tokens: readonly number[]) => pieceChunkFeatures(tokens, vocabulary, settings.chunkBars, settings.maxChunksPerPiece);

interface Generated {
  style: string;
  seed: number;
  /** The generated piece (without its seed prompt, if any). */
  tokens: number[];
  prompt?: { piece: string; firstBar: number; bars: number };
  seconds: number;
  generateSeconds: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  ensureDebianPackages(["planetblupi-music-midi", "freedoom"]);
  const backend = await selectBackend({ log: (l) => console.log(l) });

  const corpus = await phase("load corpora", () =>
    loadBenchCorpus(vocabulary, { heldOutFraction: settings.heldOutFraction, validationFraction: settings.validationFraction, seed, minPieces: settings.minPieces }));
  const { artists } = corpus;
  if (artists.length < 2) throw new Error(`only ${artists.length} style(s) with ${settings.minPieces}+ pieces`);
  printTable(
    ["style", "train pieces", "validation pieces", "held-out pieces", "train tokens"],
    [
      ...artists.map((a) => [a.style, a.train.length, a.validation.length, a.heldOut.length, a.train.reduce((n, p) => n + p.tokens.length, 0)]),
      ["(pretraining only) " + (corpus.general[0]?.style ?? "-"), corpus.general.length, 0, 0, corpus.general.reduce((n, p) => n + p.tokens.length, 0)],
    ],
  );

  // --- pretraining (every style's training pieces, each under its own style token), then one fine-tune per artist;
  // early stopping on validation pieces only. With --models-dir, models already trained with this recipe are reused.
  const trainingPieces = [...corpus.general, ...artists.flatMap((a) => a.train)];
  const store = modelsDir ? new ModelStore(modelsDir) : undefined;
  const trained = await phase("train base and fine-tuned models", () =>
    trainBenchModels(corpus, { settings, seed, store, onProgress: progressPrinter, log: (l) => console.log(l) }));
  const base = { model: trained.base, ...trained.baseReport };
  const parameters = countParameters(base.model.config);
  console.log(`   base: ${parameters} parameters, best epoch ${base.bestEpoch}, ${Math.round(base.tokensPerSecond)} training tokens/s`);
  const tuned = new Map([...trained.tuned].map(([style, t]) => [style, t.model]));

  // --- held-out perplexity of base vs fine-tuned (the held-out pieces serve this and the attribution check only).
  const fineTune = await phase("held-out perplexity", () => artists.map((artist) => {
    const held = artist.heldOut.map(evalTokensOf);
    const { model, report } = trained.tuned.get(artist.style)!;
    const basePpl = evaluatePerplexity(base.model, held, artist.style, settings.batchSize);
    const tunedPpl = evaluatePerplexity(model, held, artist.style, settings.batchSize);
    const validation = artist.validation.map(evalTokensOf);
    const best = report.bestEpoch === 0 ? report.initialValidationLoss : report.epochs[report.bestEpoch - 1]?.validationLoss;
    return {
      style: artist.style,
      heldOutTokens: basePpl.tokens,
      basePerplexity: round(basePpl.perplexity),
      fineTunedPerplexity: round(tunedPpl.perplexity),
      fineTunedBelowBase: tunedPpl.perplexity < basePpl.perplexity,
      validationTokens: validation.reduce((n, t) => n + t.length, 0),
      validationBasePerplexity: report.initialValidationLoss === undefined ? undefined : round(Math.exp(report.initialValidationLoss)),
      validationFineTunedPerplexity: best === undefined ? undefined : round(Math.exp(best)),
      epochs: report.epochs.length,
      bestEpoch: report.bestEpoch,
      stoppedEarly: report.stoppedEarly,
      trainingTokensPerSecond: Math.round(report.tokensPerSecond),
      reused: report.reused === true,
      modelHash: model.hash(),
    };
  }));

  // --- generation: fixed seeds per artist.
  const generated: Generated[] = [];
  await phase("generate", async () => {
    for (const [a, artist] of artists.entries()) {
      for (let i = 0; i < settings.generatedPerArtist; i++) {
        const pieceSeed = seed * 10_000 + a * 100 + i;
        const t0 = performance.now();
        // A seed prompt: a few bars of one of the artist's TRAINING pieces, drawn with the piece's seed.
        const prompt = settings.promptBars > 0 ? drawPrompt(artist.train, settings.promptBars, new SeededRandom(pieceSeed), vocabulary) : undefined;
        const out = await generateTokens(tuned.get(artist.style)!, {
          styleId: artist.style, seconds: settings.generatedSeconds, seed: pieceSeed, ...settings.sampling, ...(prompt ? { prompt: prompt.tokens } : {}),
        });
        const generateSeconds = (performance.now() - t0) / 1000;
        const tokens = prompt ? continuation(out.tokens, out.promptLength, vocabulary) : out.tokens;
        generated.push({
          style: artist.style, seed: pieceSeed, tokens, seconds: streamSeconds(tokens, vocabulary), generateSeconds,
          ...(prompt ? { prompt: { piece: prompt.piece, firstBar: prompt.firstBar, bars: prompt.bars } } : {}),
        });
      }
      const own = generated.filter((g) => g.style === artist.style);
      const tokens = own.reduce((n, g) => n + g.tokens.length, 0);
      console.log(`   ${artist.style}: ${own.length} pieces, ${tokens} tokens, ${Math.round(tokens / own.reduce((s, g) => s + g.generateSeconds, 0))} tokens/s`);
    }
  });

  // --- style attribution.
  const attribution = await phase("style attribution", () => {
    const training = artists.flatMap((a) => a.train.map((p) => ({ name: p.name, label: a.style, chunks: pieceChunksFeatures(p.tokens) })));
    const classifier = trainPieceClassifier(training, { l2: CLASSIFIER_L2 });
    const validationReal = artists.flatMap((a) => a.validation.map((p) => ({ style: a.style, name: p.name, predicted: classifyPiece(classifier, pieceChunksFeatures(p.tokens)) })));
    const heldOutReal = artists.flatMap((a) => a.heldOut.map((p) => ({ style: a.style, name: p.name, predicted: classifyPiece(classifier, pieceChunksFeatures(p.tokens)) })));
    const onGenerated = generated.map((g) => ({
      style: g.style, seed: g.seed, seconds: round(g.seconds, 1), predicted: classifyPiece(classifier, pieceChunksFeatures(g.tokens)), ...(g.prompt ? { prompt: g.prompt } : {}),
    }));
    const rate = (xs: Array<{ style: string; predicted: string }>) => xs.filter((x) => x.predicted === x.style).length / Math.max(1, xs.length);
    const confusion = Object.fromEntries(artists.map((a) => [a.style, Object.fromEntries(artists.map((b) => [b.style, onGenerated.filter((g) => g.style === a.style && g.predicted === b.style).length]))]));
    return {
      classifier: `multinomial logistic regression, standardised features (${featureNames(vocabulary.spec.positionsPerBar).length}: pitch class, interval, onset position, duration, density, polyphony, register, drums, GM family, drum kit, velocity, inter-onset, instruments, tempo), class-balanced, L2 ${CLASSIFIER_L2}`,
      classifierTraining: "the artists' training pieces only (not validation, not held-out)",
      classifierSelection: CLASSIFIER_SELECTION,
      trainingChunks: training.reduce((n, p) => n + p.chunks.length, 0),
      chunkBars: settings.chunkBars,
      validationRealAccuracy: round(rate(validationReal)),
      validationReal,
      heldOutRealAccuracy: round(rate(heldOutReal)),
      heldOutReal,
      generatedAccuracy: round(rate(onGenerated)),
      generatedPerStyle: Object.fromEntries(artists.map((a) => [a.style, round(rate(onGenerated.filter((g) => g.style === a.style)))])),
      confusion,
      chance: round(1 / artists.length),
      generated: onGenerated,
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
    trainingReused: base.reused === true || fineTune.some((f) => f.reused),
    fineTuneTokensPerSecond: summarize(fineTune.map((f) => f.trainingTokensPerSecond as number)).median,
    generateTokensPerSecond: Math.round(genTokens / genSeconds),
    generateTokensPerSecondPerPiece: summarize(generated.map((g) => g.tokens.length / g.generateSeconds)),
    track60sTotalSeconds: track.timings.totalMs / 1000,
  };

  console.log("\nPer artist (held-out perplexity on each held-out piece's first tokens; validation perplexity chose the epoch, 0 = the base kept; attribution of generated pieces)");
  printTable(
    ["artist", "held-out tokens", "base ppl", "fine-tuned ppl", "validation base / tuned", "best/epochs", "attributed", "copied 4-bar", "fp matches"],
    artists.map((a: StyleSplit) => {
      const f = fineTune.find((x) => x.style === a.style)!;
      const own = generated.filter((g) => g.style === a.style);
      return [
        a.style, String(f.heldOutTokens), String(f.basePerplexity), String(f.fineTunedPerplexity), `${String(f.validationBasePerplexity)} / ${String(f.validationFineTunedPerplexity)}`,
        `${String(f.bestEpoch)}/${String(f.epochs)}`,
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
    selection: { ...SELECTION, classifier: CLASSIFIER_SELECTION },
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    corpus: {
      sources: ["Debian planetblupi-music-midi", "Debian freedoom (freedoom1.wad, freedoom2.wad D_* lumps)"],
      styles: artists.map((a) => ({ style: a.style, description: a.description, train: a.train.map((p) => p.name), heldOut: a.heldOut.map((p) => p.name) })),
      pretrainingOnly: corpus.general.map((p) => p.name),
      skipped: corpus.skipped,
    },
    model: { config: { ...base.model.config, vocabulary: undefined, styles: base.model.styles }, parameters, baseHash: base.model.hash(), baseEpochs: base.epochs, baseBestEpoch: base.bestEpoch, baseReused: base.reused === true },
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
