import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * SHA-256 digests as lowercase hex (64 characters, no 0x prefix: the chain layer adds it for a bytes32).
 * The manifest's file SHA-256 is sha256File of the uploaded file, byte for byte.
 */

/** SHA-256 of bytes in memory. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** SHA-256 of a stream of chunks (an upload body, a file stream), consumed as it arrives. */
export async function sha256Stream(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * SHA-256 of a file, read in 1 MiB chunks so that hashing never holds the file in memory (uploads can be as large as
 * the decode limit allows and several may be hashed at once).
 */
export async function sha256File(path: string): Promise<string> {
  return sha256Stream(createReadStream(path, { highWaterMark: 1024 * 1024 }));
}
