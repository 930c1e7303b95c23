import { BaseError } from "../errors/base.js";

/** An environment variable with a value the server cannot use. */
export class ConfigError extends BaseError {
  readonly code = "INVALID_CONFIG";
  readonly variable: string;

  constructor(variable: string, value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}...` : value)} is invalid`, {
      details: `expected ${expected}`,
    });
    this.variable = variable;
  }
}

/** A watermark key file that cannot be read or parsed. */
export class WatermarkKeyFileError extends BaseError {
  readonly code = "INVALID_WATERMARK_KEY_FILE";
}

/** A config file (SOUNDMARK_CONFIG or ./soundmark.config.json) the server cannot use. */
export class ConfigFileError extends BaseError {
  readonly code = "INVALID_CONFIG_FILE";
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`config file ${file}: ${problem}`);
    this.file = file;
  }
}
