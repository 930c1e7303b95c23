import type { SamplingParameters } from "./generate-parameters.js";

export const TRACK_MANIFEST_FORMAT = "soundmark-generated-track/1";

/** Milliseconds spent in each stage of one generation. */
export interface StageTimings {
  loadModelMs: number;
  generateMs: number;
  renderMs: number;
  watermarkMs: number;
  writeMs: number;
  totalMs: number;
}

/**
 * `track.json`, written next to `track.wav` and `track.mid`: what made the track (model hash, style, seed, sampling,
 * prompt) and how it is marked, so that anyone with the model can regenerate it byte for byte and anyone with the
 * key can check the mark. The server's registration manifest takes its `generator` and `watermark` parts from it.
 */
export interface TrackManifest {
  format: typeof TRACK_MANIFEST_FORMAT;
  /** File names relative to the manifest. */
  files: { wav: string; midi: string };
  audio: {
    /** SHA-256 of the WAV file, byte for byte. */
    sha256: string;
    /** SHA-256 of the canonical 16-bit PCM (the audio core's pcmSha256). */
    pcmSha256: string;
    sampleRate: number;
    channels: number;
    durationSeconds: number;
  };
  generator: {
    modelHash: string;
    style: string;
    seed: number;
    seconds: number;
    sampling: SamplingParameters;
    /** SHA-256 of the prompt MIDI file, or null without a prompt. */
    promptSha256: string | null;
    /** Tokens sampled (the prompt's not counted). */
    tokens: number;
    notes: number;
    /** The tfjs backend that ran the model ("wasm", "tensorflow-gpu"...). */
    backend: string;
    /** The instrument set: "synth" (built in) or "soundfont:<file>". */
    renderer: string;
  };
  watermark: {
    scheme: string;
    keyId: string;
    /** The embedded payload, lowercase hex. */
    payload: string;
    /** Signal to watermark ratio in dB; null for silence (nothing could be marked). */
    snrDb: number | null;
    /** The SNR floor the mark was held to (38.5 dB, lower when the output needed it to be detectable). */
    targetSnrDb: number;
    /** The clean output was detected with this payload before it was written. */
    verified: boolean;
  };
  timings: StageTimings;
  createdAt: string;
}
