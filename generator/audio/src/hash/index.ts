export { sha256, sha256File, sha256Stream } from "./sha256.js";
export { pcmSha256, quantise16 } from "./pcm-sha256.js";
