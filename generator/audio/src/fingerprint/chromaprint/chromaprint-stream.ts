import type { Pcm } from "../../pcm.js";
import { AudioProcessor } from "./audio-processor.js";
import { Chroma } from "./chroma.js";
import { ChromaFilter } from "./chroma-filter.js";
import { ChromaNormalizer } from "./chroma-normalizer.js";
import { DEFAULT_CHROMAPRINT_CONFIG, type ChromaprintConfig } from "./chromaprint-config.js";
import { ChromaprintEmptyFingerprintError, ChromaprintInputError } from "./chromaprint-error.js";
import type { AudioConsumer } from "./consumers.js";
import { FfmpegAudioConverter } from "./ffmpeg-audio-converter.js";
import { FftStage } from "./fft-stage.js";
import { FingerprintCalculator } from "./fingerprint-calculator.js";
import { SilenceRemover } from "./silence-remover.js";
import { isInt16Audio, toInt16 } from "./to-int16.js";

/**
 * How audio reaches Chromaprint's analysis:
 * - "fpcalc" (default): as the fpcalc tool feeds it. FFmpeg's libswresample converts to mono 11025 Hz first (resample
 *   each channel, then mix; the start mirrored; never flushed). Matches `fpcalc -raw` bit for bit.
 * - "libchromaprint": as an application calling chromaprint_feed() with audio at its own rate does: Chromaprint mixes
 *   to mono (integer average) and resamples with its internal av_resample, dropping the last few milliseconds.
 * The two agree on almost every bit; they can differ in the number of trailing sub-fingerprints.
 */
export type ChromaprintFrontEnd = "fpcalc" | "libchromaprint";

/**
 * The precision fpcalc's FFmpeg decoder would deliver, which decides how its resampler computes: "s16" for 16-bit
 * sources (WAV, FLAC), "float" for everything decoded to float (MP3, Vorbis, Opus, 24-bit or float files). "auto"
 * (default) picks "s16" when every sample of the first chunk fed is an exact 16-bit value (k / 32768 or k / 32767),
 * "float" otherwise; stream a float source that starts with digital silence in small chunks with "float" explicitly.
 * Only the fpcalc front end uses it (libchromaprint takes 16-bit input).
 */
export type ChromaprintInputFormat = "auto" | "s16" | "float";

export interface ChromaprintOptions {
  /** Seconds of audio to fingerprint from the start (fpcalc's -length). Default 120; 0 = the whole input. */
  maxSeconds?: number;
  /** Algorithm configuration. Default CHROMAPRINT_CONFIGS.TEST2 (Chromaprint's and fpcalc's default). */
  config?: ChromaprintConfig;
  /** Default "fpcalc". */
  frontEnd?: ChromaprintFrontEnd;
  /** Default "auto". */
  inputFormat?: ChromaprintInputFormat;
}

export interface ChromaprintResult {
  /** The raw fingerprint: one unsigned 32-bit sub-fingerprint per 1365 samples at 11025 Hz (about 0.124 s). */
  raw: Uint32Array;
  /** Duration of all the audio fed (not only the fingerprinted part), in seconds. */
  durationSeconds: number;
  /** Chromaprint's algorithm number (TEST2 = 1); fpcalc's -algorithm option is this + 1. */
  algorithm: number;
}

/** Audio frames pushed through the pipeline at a time (bounds memory for long inputs). */
const BLOCK = 1 << 16;

/** Passes at most `limit` samples on (fpcalc's -length, counted after its conversion to 11025 Hz). */
class Limiter implements AudioConsumer {
  #remaining: number;
  readonly #consumer: AudioConsumer;

  constructor(limit: number, consumer: AudioConsumer) {
    this.#remaining = limit > 0 ? limit : Infinity;
    this.#consumer = consumer;
  }

  get done(): boolean {
    return this.#remaining <= 0;
  }

  consume(samples: Int16Array, length: number): void {
    const n = Math.min(length, this.#remaining);
    if (n <= 0) return;
    this.#remaining -= n;
    this.#consumer.consume(samples, n);
  }
}

/**
 * Chromaprint as a stream: `feed` decoded audio chunk by chunk (all chunks with the same rate and channel count),
 * then `finish` for the fingerprint. The stages, in pipeline order:
 *   front end (ffmpeg-audio-converter | audio-processor) -> [silence-remover] -> fft-stage -> chroma -> chroma-filter
 *   -> chroma-normalizer -> fingerprint-calculator; then fingerprint-compressor for the text form.
 * No allocation per FFT frame; the audio goes through in blocks of 65536 frames.
 */
export class ChromaprintStream {
  readonly config: ChromaprintConfig;
  readonly frontEnd: ChromaprintFrontEnd;
  readonly #maxSeconds: number;
  readonly #inputFormat: ChromaprintInputFormat;
  readonly #calculator: FingerprintCalculator;
  readonly #analysis: AudioConsumer;
  #sampleRate = 0;
  #channels = 0;
  #frames = 0;
  #limit = Infinity;
  #fed = 0;
  #limiter: Limiter | undefined;
  #converter: FfmpegAudioConverter | undefined;
  #processor: AudioProcessor | undefined;
  #scratch: Int16Array[] = [];
  #finished = false;

  constructor(options: ChromaprintOptions = {}) {
    const maxSeconds = options.maxSeconds ?? 120;
    if (!Number.isFinite(maxSeconds) || maxSeconds < 0) {
      throw new ChromaprintInputError("maxSeconds must be a finite number >= 0", { details: `got ${maxSeconds}` });
    }
    this.#maxSeconds = maxSeconds;
    this.config = options.config ?? DEFAULT_CHROMAPRINT_CONFIG;
    this.frontEnd = options.frontEnd ?? "fpcalc";
    this.#inputFormat = options.inputFormat ?? "auto";
    const c = this.config;
    this.#calculator = new FingerprintCalculator(c.classifiers);
    const normalizer = new ChromaNormalizer(this.#calculator);
    const chroma = new Chroma(c.minFrequency, c.maxFrequency, c.frameSize, c.sampleRate, new ChromaFilter(c.chromaFilter, normalizer));
    const fft = new FftStage(c.frameSize, c.frameOverlap, chroma);
    this.#analysis = c.silenceThreshold !== undefined ? new SilenceRemover(c.silenceThreshold, fft) : fft;
  }

  /** Adds a chunk of audio. The first chunk fixes the sample rate and channel count. */
  feed(pcm: Pcm): this {
    if (this.#finished) throw new ChromaprintInputError("ChromaprintStream: feed after finish");
    const length = validate(pcm);
    if (this.#sampleRate === 0) this.#start(pcm);
    else if (pcm.sampleRate !== this.#sampleRate || pcm.channels.length !== this.#channels) {
      throw new ChromaprintInputError("Every chunk must have the first chunk's sample rate and channel count", {
        details: `started with ${this.#sampleRate} Hz x ${this.#channels}, got ${pcm.sampleRate} Hz x ${pcm.channels.length}`,
      });
    }
    this.#frames += length;
    for (let from = 0; from < length; from += BLOCK) {
      if (this.#limiter?.done || this.#fed >= this.#limit) break;
      let n = Math.min(BLOCK, length - from);
      if (this.#converter) {
        this.#converter.consume(pcm.channels, from, n);
        continue;
      }
      n = Math.min(n, this.#limit - this.#fed);
      this.#fed += n;
      const input = this.#scratch;
      for (let ch = 0; ch < this.#channels; ch++) toInt16(pcm.channels[ch]!, from, n, input[ch]!);
      this.#processor!.consume(input, n);
    }
    return this;
  }

  /** Ends the stream and returns the fingerprint. Throws ChromaprintEmptyFingerprintError if there is none (as fpcalc). */
  finish(): ChromaprintResult {
    if (this.#finished) throw new ChromaprintInputError("ChromaprintStream: finish called twice");
    this.#finished = true;
    if (this.#sampleRate === 0) throw new ChromaprintEmptyFingerprintError({ details: "no audio was fed" });
    this.#processor?.flush();
    const raw = this.#calculator.fingerprint();
    if (raw.length === 0) {
      throw new ChromaprintEmptyFingerprintError({ details: `${(this.#frames / this.#sampleRate).toFixed(2)} s of audio` });
    }
    return { raw, durationSeconds: this.#frames / this.#sampleRate, algorithm: this.config.algorithm };
  }

  #start(first: Pcm): void {
    const { sampleRate } = first;
    const channels = first.channels.length;
    this.#sampleRate = sampleRate;
    this.#channels = channels;
    const target = this.config.sampleRate;
    if (this.frontEnd === "fpcalc") {
      let format = this.#inputFormat;
      if (format === "auto") format = first.channels.every((x) => isInt16Audio(x, 0, x.length)) ? "s16" : "float";
      this.#limiter = new Limiter(Math.trunc(this.#maxSeconds * target), this.#analysis);
      this.#converter = new FfmpegAudioConverter(sampleRate, channels, target, format, this.#limiter);
    } else {
      this.#scratch = Array.from({ length: channels }, () => new Int16Array(BLOCK));
      if (this.#maxSeconds > 0) this.#limit = Math.trunc(this.#maxSeconds * sampleRate);
      this.#processor = new AudioProcessor(sampleRate, channels, target, this.#analysis);
    }
  }
}

/** Checks a chunk and returns its length in frames. */
function validate(pcm: Pcm): number {
  const { sampleRate, channels } = pcm;
  if (!Number.isInteger(sampleRate) || sampleRate <= 1000 || sampleRate > 1_000_000) {
    throw new ChromaprintInputError("Unsupported sample rate", {
      details: `${sampleRate} Hz; Chromaprint needs an integer rate above 1000 Hz`,
    });
  }
  if (!Array.isArray(channels) || channels.length === 0) throw new ChromaprintInputError("Audio has no channels");
  const length = channels[0]!.length;
  for (const ch of channels) {
    if (!(ch instanceof Float32Array)) throw new ChromaprintInputError("Audio channels must be Float32Arrays");
    if (ch.length !== length) {
      throw new ChromaprintInputError("Audio channels differ in length", { details: channels.map((c) => c.length).join(", ") });
    }
  }
  return length;
}
