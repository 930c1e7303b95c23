export { chromaprint, type ChromaprintParameters, type ChromaprintReturnType } from "./chromaprint.js";
export {
  ChromaprintStream,
  type ChromaprintFrontEnd,
  type ChromaprintInputFormat,
  type ChromaprintOptions,
  type ChromaprintResult,
} from "./chromaprint-stream.js";
export {
  CHROMAPRINT_CONFIGS,
  DEFAULT_CHROMAPRINT_CONFIG,
  chromaprintConfigOf,
  type ChromaprintClassifier,
  type ChromaprintConfig,
  type ChromaprintFilter,
} from "./chromaprint-config.js";
export { compressFingerprint, decompressFingerprint, type DecompressedFingerprint } from "./fingerprint-compressor.js";
export { ChromaprintDecodeError, ChromaprintEmptyFingerprintError, ChromaprintInputError } from "./chromaprint-error.js";
export { bitAgreement } from "./bit-agreement.js";
