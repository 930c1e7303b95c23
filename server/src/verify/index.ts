export { verifyFile, type VerifyFileParameters, type VerifyResult, type VerifiedRecord } from "./verify-file.js";
export { openBlockSource, MAX_SOURCE_BLOCK_BYTES, type BlockSource, type OpenBlockSourceParameters } from "./block-source.js";
export { createRegistryReader, type RegistryReader, type AnchoredBatch, type RegisteredRecord } from "./registry-reader.js";
export { readBatchRecords, type BatchedRecord } from "./batch-records.js";
export { readManifest, manifestDisagreements, type VerifiedManifest, type ManifestProblem } from "./verified-manifest.js";
export { syncTrackIndex } from "./sync-track-index.js";
export { defaultCacheDir, openVerifyCache, type VerifyCache } from "./verify-cache.js";
export { VerifyChainError, VerifyInputError, VerifyIntegrityError } from "./errors.js";
