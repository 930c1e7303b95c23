import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { EmptyCorpusError } from "../../corpus/corpus-error.js";
import type { CorpusPiece } from "../../corpus/corpus-piece.js";
import { encodeCorpus } from "../../corpus/encode-corpus.js";
import { extractWadMusic } from "../../corpus/extract-wad-music.js";
import { loadCorpus } from "../../corpus/load-corpus.js";
import { splitHeldOut } from "../../corpus/split-held-out.js";
import { loadStyleModel } from "../../model/load-style-model.js";
import { saveStyleModel } from "../../model/save-style-model.js";
import type { StyleModel } from "../../model/style-model.js";
import { ensureBackend } from "../../pipeline/ensure-backend.js";
import { trainModel } from "../../train/train-model.js";
import type { Command, CommandIo } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { ProgressBar } from "../progress-bar.js";
import { UsageError } from "../usage-error.js";

/** Largest WAD read as a corpus (Freedoom's are about 30 MB). */
const MAX_WAD_BYTES = 256 * 1024 * 1024;

function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer ${min}..${max}, got "${value}"`);
  }
  return n;
}

/** The MIDI pieces of a corpus folder, or of one Doom WAD file. */
async function readCorpus(corpus: string, io: CommandIo): Promise<CorpusPiece[]> {
  const info = await stat(corpus).catch((error: NodeJS.ErrnoException) => {
    throw new EmptyCorpusError(`cannot read ${corpus} (${error.code ?? error.message})`, { cause: error });
  });
  let pieces: CorpusPiece[];
  let skipped: Array<{ name: string; reason: string }>;
  if (info.isDirectory()) ({ pieces, skipped } = await loadCorpus(corpus));
  else if (/\.wad$/i.test(corpus)) {
    if (info.size > MAX_WAD_BYTES) throw new EmptyCorpusError(`${corpus} is larger than ${MAX_WAD_BYTES} bytes`);
    ({ pieces, skipped } = extractWadMusic(new Uint8Array(await readFile(corpus)), path.basename(corpus)));
    if (pieces.length === 0) throw new EmptyCorpusError(`no music lumps (D_*) in ${corpus}`);
  } else throw new UsageError(`--corpus must be a folder of MIDI files or a .wad file, got "${corpus}"`);
  for (const s of skipped) io.stderr(`skipped ${s.name}: ${s.reason}\n`);
  return pieces;
}

export const trainCommand: Command = {
  name: ["train"],
  summary: "train a style model on a folder of MIDI files or a WAD",
  usage: `usage: soundmark train --corpus <dir | file.wad> --style <id> --out <model dir> [options]

Trains a style model on the MIDI files under <dir> (recursively; .wad files in it count too) or on the music of a
Doom WAD, holding out 10% of the pieces for validation (early stopping; the best epoch's weights are kept), and
writes model.json + weights.bin + config.json to <model dir>. Prints the model hash.
  --epochs <n>        passes over the corpus (default 10)
  --base <model dir>  fine-tune a copy of this model: the style is added to its styles (L2 towards its weights)
  --seed <n>          seed of the split, the shuffling, the dropout and a new model's weights (default 0)
  --max-steps <n>     cap on optimisation steps per epoch (default: the whole corpus)
  --json              print the training summary as JSON
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      corpus: { type: "string" },
      style: { type: "string" },
      out: { type: "string" },
      epochs: { type: "string" },
      base: { type: "string" },
      seed: { type: "string" },
      "max-steps": { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see soundmark help train)`);
    for (const required of ["corpus", "style", "out"] as const) {
      if (values[required] === undefined) throw new UsageError(`--${required} is required (see soundmark help train)`);
    }
    const style = values.style!;
    if (style.length === 0 || style.length > 128 || /[\u0000-\u001f]/.test(style)) {
      throw new UsageError("--style must be 1 to 128 printable characters");
    }
    const epochs = integerOption(values.epochs, "epochs", 10, 1, 10_000);
    const seed = integerOption(values.seed, "seed", 0, 0, 0xffffffff);
    const maxSteps = integerOption(values["max-steps"], "max-steps", Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);

    const backend = await ensureBackend((line) => io.stderr(`${line}\n`));
    const base: StyleModel | undefined = values.base ? await loadStyleModel(values.base) : undefined;
    try {
      const pieces = await readCorpus(values.corpus!, io);
      const encoded = encodeCorpus(pieces, base ? { vocabulary: base.vocabulary } : {});
      for (const s of encoded.skipped) io.stderr(`skipped ${s.name}: ${s.reason}\n`);
      const split = splitHeldOut(encoded.pieces, 0.1, seed);
      io.stderr(`corpus: ${split.train.length} pieces for training, ${split.heldOut.length} held out\n`);

      let bar: ProgressBar | undefined;
      const result = await trainModel({
        pieces: split.train.map((p) => p.tokens),
        validationPieces: split.heldOut.map((p) => p.tokens),
        styleId: style,
        base,
        epochs,
        seed,
        maxStepsPerEpoch: maxSteps,
        earlyStoppingPatience: split.heldOut.length > 0 ? 3 : undefined,
        onProgress: (p) => {
          if (p.kind === "step") {
            bar ??= new ProgressBar(io, `epoch ${p.epoch}/${p.epochs}`, p.steps);
            bar.tick(`loss ${p.loss.toFixed(3)}, ${Math.round(p.tokensPerSecond)} tokens/s`);
          } else {
            const m = p.metrics;
            bar?.finish(
              `train loss ${m.trainLoss.toFixed(3)}` +
                (m.validationPerplexity !== undefined ? `, validation perplexity ${m.validationPerplexity.toFixed(2)}` : ""),
            );
            bar = undefined;
          }
        },
      });
      try {
        const summary = {
          modelHash: result.model.hash(),
          style,
          styles: [...result.model.styles],
          backend: result.backend || backend,
          pieces: { train: split.train.length, heldOut: split.heldOut.length, skipped: encoded.skipped.length },
          bestEpoch: result.bestEpoch,
          stoppedEarly: result.stoppedEarly,
          tokensPerSecond: Math.round(result.tokensPerSecond),
          epochs: result.epochs,
        };
        await saveStyleModel(result.model, values.out!, {
          metadata: { ...summary, corpus: path.resolve(values.corpus!), base: base ? base.hash() : null },
        });
        if (values.json) io.stdout(JSON.stringify(summary, null, 2) + "\n");
        else {
          const best = result.epochs[result.bestEpoch - 1];
          io.stdout(
            `wrote ${values.out} (model ${summary.modelHash}, styles ${summary.styles.join(", ")})\n` +
              (result.bestEpoch === 0
                ? "kept the base weights (no epoch beat them on the validation pieces)" +
                  (result.initialValidationLoss !== undefined ? `, validation perplexity ${Math.exp(result.initialValidationLoss).toFixed(2)}` : "")
                : `best epoch ${result.bestEpoch}${result.stoppedEarly ? " (stopped early)" : ""}` +
                  (best?.validationPerplexity !== undefined ? `, validation perplexity ${best.validationPerplexity.toFixed(2)}` : "")) +
              `, ${summary.tokensPerSecond} tokens/s on ${summary.backend}\n`,
          );
        }
      } finally {
        result.model.dispose();
      }
    } finally {
      base?.dispose();
    }
    return 0;
  },
};
