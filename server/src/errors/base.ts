// The server's errors share the project's one error root with the audio package.
export { BaseError, type BaseErrorOptions } from "../../../generator/audio/src/errors/base-error.js";
