import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/** A landmark configuration that is not one of the published ones, or whose numbers are out of their domain. */
export class InvalidLandmarkConfigError extends AudioError {
  readonly code = "INVALID_LANDMARK_CONFIG";
  readonly config: string;

  constructor(config: string, reason: string, options: AudioErrorOptions = {}) {
    super(`Invalid landmark configuration "${config}": ${reason}`, options);
    this.config = config;
  }
}
