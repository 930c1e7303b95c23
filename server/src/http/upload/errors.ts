import { BaseError } from "../../errors/base.js";

/** Root of the errors of receiving an upload (multipart parsing, size caps, type sniffing). */
export abstract class UploadError extends BaseError {}

/** A file or the whole request over the configured cap: HTTP 413. */
export class UploadTooLargeError extends UploadError {
  readonly code = "UPLOAD_TOO_LARGE";
  readonly maxBytes: number;

  constructor(maxBytes: number, what = "the uploaded file") {
    super(`Upload too large: ${what} is over the limit of ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}

/** Bytes that are not a supported audio format, whatever their name or declared MIME type say: HTTP 415. */
export class UnsupportedMediaTypeError extends UploadError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";

  constructor(what: string, options: { details?: string; cause?: unknown } = {}) {
    super(`Unsupported media type: ${what}`, {
      details: options.details ?? "Send WAV, FLAC, MP3, Ogg Vorbis or Opus; the type is read from the bytes, not the name",
      cause: options.cause,
    });
  }
}

/** A multipart body that does not follow the expected form (no boundary, bad JSON in `operations`, ...): HTTP 400. */
export class MalformedUploadError extends UploadError {
  readonly code = "MALFORMED_UPLOAD";

  constructor(what: string, options: { cause?: unknown } = {}) {
    super(`Malformed upload: ${what}`, options);
  }
}

/** The multipart body has no file under the expected field, or the file is empty: HTTP 400. */
export class MissingFileError extends UploadError {
  readonly code = "MISSING_FILE";

  constructor(what: string) {
    super(`Missing file: ${what}`);
  }
}
