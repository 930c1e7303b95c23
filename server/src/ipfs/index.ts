export type { IpfsStore } from "./ipfs-store.js";
export { openIpfs, type OpenIpfsParameters } from "./open-ipfs.js";
export { rawCidFromDigest, digestFromRawCid } from "./raw-cid.js";
export { CHUNK_SIZE } from "./import-settings.js";
export { cidOfFile } from "./cid-of.js";
export {
  InvalidCidError,
  IpfsIntegrityError,
  IpfsNotFoundError,
  IpfsTooLargeError,
  IpfsUnavailableError,
} from "./errors.js";
