import { mkdirSync } from "node:fs";
import path from "node:path";
import { encodeWav } from "../../audio/src/encode/wav-writer.js";
import { sha256 } from "../../audio/src/hash/sha256.js";
import { pcmSha256 } from "../../audio/src/hash/pcm-sha256.js";
import { writeFileAtomic } from "../../audio/src/index/segment-log.js";
import { pcmDuration } from "../../audio/src/pcm.js";
import { embedVerified } from "./embed-verified.js";
import { WATERMARK_PAYLOAD_BYTES, parseWatermarkKey, type WatermarkKey } from "../../audio/src/watermark/index.js";
import { WATERMARK_SCHEME } from "../../audio/src/watermark/index.js";
import { loadStyleModel } from "../model/load-style-model.js";
import type { StyleModel } from "../model/style-model.js";
import type { NoteRenderer } from "../render/note-renderer.js";
import { renderNoteSequence } from "../render/render-note-sequence.js";
import { generateTokens } from "../sample/generate-tokens.js";
import { GenerationCancelledError } from "../sample/sample-error.js";
import { decodeTokens, tokensToNoteSequence } from "../tokenizer/decode-tokens.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { firstBars } from "../tokenizer/first-bars.js";
import { ensureBackend } from "./ensure-backend.js";
import { checkGenerateParameters, type SamplingParameters } from "./generate-parameters.js";
import { trackPaths, type TrackPaths } from "./output-paths.js";
import { InvalidGenerateParametersError } from "./pipeline-error.js";
import { TRACK_MANIFEST_FORMAT, type TrackManifest } from "./track-manifest.js";
import { trackPayload } from "./track-payload.js";

/** Bars of a prompt file kept as the seed of the generation. */
export const PROMPT_BARS = 4;

export interface GenerateTrackParameters {
  /** The model folder (loadStyleModel), unless `model` is given already loaded (the job service's cache). */
  modelDir?: string;
  model?: StyleModel;
  /** Style id among the model's; default the model's last style (the artist it was fine-tuned on last). */
  style?: string;
  seconds: number;
  seed: number;
  sampling?: Partial<SamplingParameters>;
  /** A Standard MIDI File whose first PROMPT_BARS bars seed the generation. */
  promptMidi?: Uint8Array;
  watermarkKey: WatermarkKey;
  /** WATERMARK_PAYLOAD_BYTES bytes; by default derived from the model hash, seed, parameters and prompt (trackPayload). */
  payload?: Uint8Array;
  /** The WAV to write; the MIDI and the manifest go beside it (`x.mid`, `x.json`). */
  out: string;
  /** The instrument set (built-in synthesizer by default; pass a loaded SoundFont to use it). */
  renderer?: NoteRenderer;
  onProgress?: (progress: { stage: GenerateStage; fraction: number }) => void;
  signal?: AbortSignal;
}

export type GenerateStage = "load" | "generate" | "render" | "watermark" | "write";

export interface GenerateTrackReturnType {
  paths: TrackPaths;
  manifest: TrackManifest;
}

/** Share of the whole job each stage takes, for one progress fraction (generation dominates). */
const STAGE_SPAN: Record<GenerateStage, [number, number]> = {
  load: [0, 0.05],
  generate: [0.05, 0.75],
  render: [0.75, 0.85],
  watermark: [0.85, 0.97],
  write: [0.97, 1],
};

/**
 * Model -> tokens -> notes -> PCM -> watermark -> `track.wav` + `track.mid` + `track.json`. The same model hash,
 * seed, parameters, prompt and key give a byte-identical WAV and MIDI on the same backend. Files are written
 * atomically, the manifest last, so a manifest on disk means a complete track.
 *
 * @throws InvalidGenerateParametersError, ModelFormatError, UnknownStyleError, InvalidMidiError (prompt),
 *   InvalidWatermarkKeyError, GenerationCancelledError.
 * @example
 * const { manifest } = await generateTrack({ modelDir: "models/bach", seconds: 30, seed: 7, watermarkKey, out: "track.wav" });
 */
export async function generateTrack(parameters: GenerateTrackParameters): Promise<GenerateTrackReturnType> {
  const started = performance.now();
  const checked = checkGenerateParameters(parameters);
  const paths = trackPaths(parameters.out);
  const key = parseWatermarkKey(parameters.watermarkKey);
  if (parameters.payload && parameters.payload.length !== WATERMARK_PAYLOAD_BYTES) {
    throw new InvalidGenerateParametersError(`the payload must be ${WATERMARK_PAYLOAD_BYTES} bytes, got ${parameters.payload.length}`);
  }
  if (!parameters.model && !parameters.modelDir) throw new InvalidGenerateParametersError("no model given (modelDir or model)");
  const { signal } = parameters;
  const progress = (stage: GenerateStage, within: number) => {
    if (signal?.aborted) throw new GenerationCancelledError({ cause: signal.reason });
    const [from, to] = STAGE_SPAN[stage];
    parameters.onProgress?.({ stage, fraction: from + (to - from) * Math.min(1, Math.max(0, within)) });
  };
  const timer = () => {
    const t0 = performance.now();
    return () => Math.round(performance.now() - t0);
  };

  progress("load", 0);
  let time = timer();
  const backend = await ensureBackend();
  const model = parameters.model ?? (await loadStyleModel(parameters.modelDir!));
  const ownsModel = !parameters.model;
  try {
    const modelHash = model.hash();
    const style = parameters.style ?? model.styles[model.styles.length - 1];
    if (style === undefined) throw new InvalidGenerateParametersError("the model knows no style");
    const prompt = parameters.promptMidi
      ? firstBars(encodeMidi(parameters.promptMidi, { vocabulary: model.vocabulary }), PROMPT_BARS, model.vocabulary)
      : undefined;
    const promptSha256 = parameters.promptMidi ? sha256(parameters.promptMidi) : null;
    const loadModelMs = time();

    progress("generate", 0);
    time = timer();
    const generated = await generateTokens(model, {
      styleId: style,
      seconds: checked.seconds,
      seed: checked.seed,
      ...checked.sampling,
      prompt,
      signal,
      onProgress: (p) => progress("generate", p.fraction),
    });
    const generateMs = time();

    progress("render", 0);
    time = timer();
    const sequence = tokensToNoteSequence(generated.tokens, model.vocabulary);
    const midi = decodeTokens(generated.tokens, model.vocabulary);
    const rendered = renderNoteSequence(sequence, { durationSeconds: checked.seconds, renderer: parameters.renderer });
    const renderMs = time();

    progress("watermark", 0);
    time = timer();
    const payload = parameters.payload ?? trackPayload(modelHash, checked, promptSha256);
    const marked = embedVerified(rendered.pcm, key, payload);
    const wav = encodeWav(marked.pcm);
    const watermarkMs = time();

    progress("write", 0);
    time = timer();
    const manifest: TrackManifest = {
      format: TRACK_MANIFEST_FORMAT,
      files: { wav: path.basename(paths.wav), midi: path.basename(paths.midi) },
      audio: {
        sha256: sha256(wav),
        pcmSha256: pcmSha256(marked.pcm),
        sampleRate: marked.pcm.sampleRate,
        channels: marked.pcm.channels.length,
        durationSeconds: pcmDuration(marked.pcm),
      },
      generator: {
        modelHash,
        style,
        seed: checked.seed,
        seconds: checked.seconds,
        sampling: checked.sampling,
        promptSha256,
        tokens: generated.tokens.length - generated.promptLength,
        notes: sequence.notes.length,
        backend,
        renderer: rendered.renderer,
      },
      watermark: {
        scheme: WATERMARK_SCHEME,
        keyId: key.keyId,
        payload: Buffer.from(payload).toString("hex"),
        snrDb: Number.isFinite(marked.snrDb) ? Math.round(marked.snrDb * 100) / 100 : null,
        targetSnrDb: marked.targetSnrDb,
        verified: marked.verified,
      },
      timings: { loadModelMs, generateMs, renderMs, watermarkMs, writeMs: 0, totalMs: 0 },
      createdAt: new Date().toISOString(),
    };
    mkdirSync(path.dirname(path.resolve(paths.wav)), { recursive: true });
    writeFileAtomic(paths.wav, wav);
    writeFileAtomic(paths.midi, midi);
    manifest.timings.writeMs = time();
    manifest.timings.totalMs = Math.round(performance.now() - started);
    writeFileAtomic(paths.manifest, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
    progress("write", 1);
    return { paths, manifest };
  } finally {
    if (ownsModel) model.dispose();
  }
}
