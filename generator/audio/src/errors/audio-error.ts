import { BaseError, type BaseErrorOptions } from "./base-error.js";

/** Options of the audio package's errors. */
export type AudioErrorOptions = BaseErrorOptions;

/** Root of the audio package's errors (decoding, DSP, fingerprints, index, watermark). */
export abstract class AudioError extends BaseError {}
