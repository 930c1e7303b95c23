/**
 * Tuning for bench:generator, on the VALIDATION side only: the held-out pieces are never loaded into a decision here.
 *   classifier: feature set and L2 of the attribution classifier, by leave-one-piece-out accuracy over the training
 *               pieces and by accuracy on the validation pieces.
 *   sampling:   sampling settings and seed-prompt length, by the attribution of pieces generated with seeds disjoint
 *               from the reported run's (needs the models of a bench run with the same --models-dir and --seed).
 *   fine-tune:  one artist's fine-tune under another learning rate / L2 / steps, by its validation perplexity.
 *   npx tsx scripts/bench/generator-tune.ts classifier [--seed N]
 *   npx tsx scripts/bench/generator-tune.ts sampling --models-dir DIR [--l2 X] [--per-artist N] [--only 0,3,...]
 *   npx tsx scripts/bench/generator-tune.ts fine-tune --models-dir DIR --style S [--lr X] [--l2 X] [--steps N] [--epochs N] [--patience N] [--transpose -3,..,3]
 */
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { selectBackend } from "../../generator/src/backend/index.js";
import { generateTokens } from "../../generator/src/sample/index.js";
import { createVocabulary } from "../../generator/src/tokenizer/index.js";
import { classifyPiece } from "./generator-classifier.js";
import { loadBenchCorpus } from "./generator-corpus.js";
import { featureNames } from "./generator-features.js";
import { ModelStore } from "./generator-model-store.js";
import { leaveOnePieceOutAccuracy, pieceChunkFeatures, trainPieceClassifier, type LabelledPieceFeatures } from "./generator-piece-features.js";
import { continuation, drawPrompt } from "./generator-prompts.js";
import { benchSettings } from "./generator-settings.js";
import { fineTuneArtist, trainBase, trainBenchModels } from "./generator-training.js";
import { ensureDebianPackages } from "./lib/debian-packages.js";
import { printTable } from "./lib/table.js";

const argv = process.argv.slice(2);
const mode = argv[0];
const valueOf = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const seed = Number(valueOf("--seed") ?? 1);
const modelsDir = valueOf("--models-dir");
const settings = benchSettings({ quick: false });
const vocabulary = createVocabulary();
/** Generation seeds of the tuning runs: the reported run uses seed * 10000 + artist * 100 + i (i < 100). */
const tuningSeed = (artist: number, i: number) => seed * 10_000 + 5_000 + artist * 100 + i;
const OLD_FEATURES = featureNames(vocabulary.spec.positionsPerBar).indexOf("drumShare") + 1;

async function main(): Promise<void> {
  ensureDebianPackages(["planetblupi-music-midi", "freedoom"]);
  const corpus = await loadBenchCorpus(vocabulary, { heldOutFraction: settings.heldOutFraction, validationFraction: settings.validationFraction, seed, minPieces: settings.minPieces });
  const featuresOf = (tokens: readonly number[]) => pieceChunkFeatures(tokens, vocabulary, settings.chunkBars, settings.maxChunksPerPiece);
  const train: LabelledPieceFeatures[] = corpus.artists.flatMap((a) => a.train.map((p) => ({ name: p.name, label: a.style, chunks: featuresOf(p.tokens) })));
  const validation: LabelledPieceFeatures[] = corpus.artists.flatMap((a) => a.validation.map((p) => ({ name: p.name, label: a.style, chunks: featuresOf(p.tokens) })));
  const subset = (pieces: LabelledPieceFeatures[], n: number) => pieces.map((p) => ({ ...p, chunks: p.chunks.map((c) => c.slice(0, n)) }));

  if (mode === "classifier") {
    const rows: Array<Array<string | number>> = [];
    for (const [set, n] of [["original", OLD_FEATURES], ["extended", Infinity]] as const) {
      for (const l2 of [0.003, 0.01, 0.03, 0.1, 0.3]) {
        const t = subset(train, n);
        const v = subset(validation, n);
        const model = trainPieceClassifier(t, { l2 });
        const validationAccuracy = v.filter((p) => classifyPiece(model, p.chunks) === p.label).length / v.length;
        rows.push([set, l2, leaveOnePieceOutAccuracy(t, { l2 }).toFixed(3), validationAccuracy.toFixed(3)]);
        console.log(rows.at(-1)!.join("  "));
      }
    }
    printTable(["features", "L2", "leave-one-piece-out (train)", "validation pieces"], rows);
    return;
  }
  if (mode === "fine-tune") {
    // One artist's fine-tune under another recipe, judged by its VALIDATION pieces (the model is stored, so a bench
    // run with that recipe reuses it).
    if (!modelsDir) throw new Error("fine-tune needs --models-dir (the base model of a bench run)");
    await selectBackend({ log: (l) => console.log(l) });
    const artist = corpus.artists.find((a) => a.style === valueOf("--style"));
    if (!artist) throw new Error(`--style must be one of ${corpus.artists.map((a) => a.style).join(", ")}`);
    const recipe = {
      ...settings,
      fineTuneLearningRate: Number(valueOf("--lr") ?? settings.fineTuneLearningRate),
      l2: Number(valueOf("--l2") ?? settings.l2),
      fineTuneStepsPerEpoch: Number(valueOf("--steps") ?? settings.fineTuneStepsPerEpoch),
      fineTuneEpochs: Number(valueOf("--epochs") ?? settings.fineTuneEpochs),
      patience: Number(valueOf("--patience") ?? settings.patience),
      fineTuneOverrides: valueOf("--transpose") ? { [artist.style]: { transpositions: valueOf("--transpose")!.split(",").map(Number) } } : undefined,
    };
    const store = new ModelStore(modelsDir);
    const log = (l: string) => console.log(l);
    const base = await trainBase(corpus, { settings, seed, store, log });
    const tuned = await fineTuneArtist(artist, base, {
      settings: recipe, seed, store, log,
      onProgress: () => (p) => {
        if (p.kind === "epoch") console.log(`   epoch ${p.metrics.epoch}: validation ppl ${p.metrics.validationPerplexity?.toFixed(3)}`);
      },
    });
    const r = tuned.report;
    console.log(`${artist.style} lr ${recipe.fineTuneLearningRate} l2 ${recipe.l2} steps ${recipe.fineTuneStepsPerEpoch}: validation ppl epoch 0 ${Math.exp(r.initialValidationLoss!).toFixed(3)}, ` +
      `epochs ${r.epochs.map((e) => e.validationPerplexity!.toFixed(3)).join(" ")}, best epoch ${r.bestEpoch}`);
    return;
  }
  if (mode === "sampling") {
    if (!modelsDir) throw new Error("sampling needs --models-dir (the models of a bench run)");
    await selectBackend({ log: (l) => console.log(l) });
    const trained = await trainBenchModels(corpus, { settings, seed, store: new ModelStore(modelsDir), log: (l) => console.log(l) });
    const classifier = trainPieceClassifier(train, { l2: Number(valueOf("--l2") ?? 0.01) });
    const perArtist = Number(valueOf("--per-artist") ?? 6);
    const grid = [
      { temperature: 1, topP: 0.95, promptBars: 0 },
      { temperature: 0.9, topP: 0.95, promptBars: 0 },
      { temperature: 0.8, topP: 0.9, promptBars: 0 },
      { temperature: 1, topP: 0.95, promptBars: 2 },
      { temperature: 0.9, topP: 0.95, promptBars: 2 },
      { temperature: 0.8, topP: 0.9, promptBars: 2 },
      { temperature: 0.9, topP: 0.95, promptBars: 4 },
    ];
    const only = valueOf("--only");
    const rows: Array<Array<string | number>> = [];
    for (const [g, s] of grid.entries()) {
      if (only !== undefined && !only.split(",").includes(String(g))) continue;
      const per: number[] = [];
      for (const [a, artist] of corpus.artists.entries()) {
        let right = 0;
        for (let i = 0; i < perArtist; i++) {
          const pieceSeed = tuningSeed(a, i);
          const prompt = s.promptBars > 0 ? drawPrompt(artist.train, s.promptBars, new SeededRandom(pieceSeed), vocabulary) : undefined;
          const out = await generateTokens(trained.tuned.get(artist.style)!.model, {
            styleId: artist.style, seconds: settings.generatedSeconds, seed: pieceSeed, temperature: s.temperature, topP: s.topP,
            ...(prompt ? { prompt: prompt.tokens } : {}),
          });
          const tokens = prompt ? continuation(out.tokens, out.promptLength, vocabulary) : out.tokens;
          if (classifyPiece(classifier, featuresOf(tokens)) === artist.style) right++;
        }
        per.push(right / perArtist);
      }
      rows.push([g, s.temperature, s.topP, s.promptBars, ...per.map((x) => x.toFixed(2)), (per.reduce((x, y) => x + y, 0) / per.length).toFixed(3)]);
      console.log(rows.at(-1)!.join("  "));
    }
    printTable(["#", "temperature", "top-p", "prompt bars", ...corpus.artists.map((a) => a.style), "mean"], rows);
    return;
  }
  throw new Error("usage: generator-tune.ts classifier|sampling [--seed N] [--models-dir DIR]");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
