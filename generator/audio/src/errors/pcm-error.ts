import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/** A Pcm value that breaks the type's invariants (no channels, channels of different lengths, a bad sample rate). */
export class InvalidPcmError extends AudioError {
  readonly code = "INVALID_PCM";

  constructor(what: string, options: AudioErrorOptions = {}) {
    super(`Invalid PCM: ${what}`, options);
  }
}
