import { createHash, createHmac, randomBytes } from "node:crypto";
import { InvalidWatermarkKeyError } from "../errors/watermark-error.js";

/**
 * A watermark key: `secret` (32 random bytes, lowercase hex) drives every keyed choice of the scheme; `keyId` is a
 * public name for it (the first 16 hex digits of SHA-256("soundmark-watermark-key-id" || secret)), safe to store in
 * manifests and logs. The keyId identifies the secret without revealing it; the secret itself is never derived from it.
 */
export interface WatermarkKey {
  keyId: string;
  secret: string;
}

const SECRET_PATTERN = /^[0-9a-f]{64}$/;

/** The public identifier of a secret. */
export function watermarkKeyId(secret: string): string {
  return `wmk_${createHash("sha256").update("soundmark-watermark-key-id\0").update(Buffer.from(secret, "hex")).digest("hex").slice(0, 16)}`;
}

/**
 * A fresh key from the operating system's CSPRNG. Write it as JSON (`JSON.stringify(key)`) with mode 0600.
 *
 * @example
 * const key = generateWatermarkKey(); // { keyId: "wmk_3f9c...", secret: "a1b2...(64 hex)" }
 */
export function generateWatermarkKey(): WatermarkKey {
  const secret = randomBytes(32).toString("hex");
  return { keyId: watermarkKeyId(secret), secret };
}

/**
 * Validates a key object (e.g. a parsed key.json): a 64-hex-digit secret and, when present, the matching keyId.
 *
 * @throws InvalidWatermarkKeyError otherwise.
 */
export function parseWatermarkKey(value: unknown): WatermarkKey {
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new InvalidWatermarkKeyError("not JSON", { cause });
    }
  }
  if (value === null || typeof value !== "object") throw new InvalidWatermarkKeyError("expected an object { keyId, secret }");
  const { secret, keyId } = value as { secret?: unknown; keyId?: unknown };
  if (typeof secret !== "string" || !SECRET_PATTERN.test(secret.toLowerCase())) {
    throw new InvalidWatermarkKeyError("secret must be 32 bytes as 64 hexadecimal digits");
  }
  const normalised = secret.toLowerCase();
  const expectedId = watermarkKeyId(normalised);
  if (keyId !== undefined && keyId !== expectedId) {
    throw new InvalidWatermarkKeyError("keyId does not match the secret", { details: `expected ${expectedId}` });
  }
  return { keyId: expectedId, secret: normalised };
}

/**
 * A keyed pseudo-random byte stream: HMAC-SHA256(secret, label || counter) blocks. Deterministic per (secret, label);
 * without the secret the stream is indistinguishable from random (HMAC as a PRF).
 */
export class KeyedStream {
  readonly #secret: Buffer;
  readonly #label: string;
  #counter = 0;
  #block: Buffer = Buffer.alloc(0);
  #pos = 0;

  constructor(secretHex: string, label: string) {
    this.#secret = Buffer.from(secretHex, "hex");
    this.#label = label;
  }

  byte(): number {
    if (this.#pos >= this.#block.length) {
      this.#block = createHmac("sha256", this.#secret).update(`${this.#label}\0${this.#counter++}`).digest();
      this.#pos = 0;
    }
    return this.#block[this.#pos++]!;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    return ((this.byte() << 24) | (this.byte() << 16) | (this.byte() << 8) | this.byte()) >>> 0;
  }

  /** Uniform integer in [0, n) (rejection sampling, no modulo bias). */
  below(n: number): number {
    const limit = Math.floor(0x1_0000_0000 / n) * n;
    for (;;) {
      const v = this.uint32();
      if (v < limit) return v % n;
    }
  }

  /** +1 or -1 with probability 1/2 each. */
  sign(): number {
    return this.byte() & 1 ? 1 : -1;
  }
}
