import { AudioError } from "../errors/audio-error.js";
import { AudioDecoderError, CorruptAudioError } from "../errors/decode-error.js";
import type { Pcm } from "../pcm.js";
import type { DecodeLimits } from "./limits.js";
import { PcmAccumulator, type DecodedBlock } from "./pcm-accumulator.js";

/** What the driver needs of the wasm-audio-decoders family (MPEGDecoder, FLACDecoder, OggVorbisDecoder...). */
export interface WasmDecoder {
  readonly ready: Promise<void>;
  decode(data: Uint8Array): WasmDecodedBlock | Promise<WasmDecodedBlock>;
  /** Decodes what the decoder still buffers (the last frame or page) and resets it. MPEGDecoder has none. */
  flush?(): Promise<WasmDecodedBlock>;
  free(): void;
}

export interface WasmDecodedBlock extends DecodedBlock {
  errors: readonly { message?: string }[];
}

export interface WasmDecodeResult {
  /** Undefined when the decoder produced no samples. */
  pcm: Pcm | undefined;
  /** Errors the decoder reported (damaged frames it skipped or concealed). */
  errors: number;
  /** The first of them, for messages. */
  firstError: string | undefined;
}

/**
 * Input slice fed to the decoder per call. Small enough that the maxSeconds check runs often (64 KiB of the lowest
 * bitrate MP3 is about a minute of audio), large enough that the per-call cost is negligible.
 */
const SLICE_BYTES = 64 * 1024;

/** Calls of the decoder, each giving one block of output (see feedSlices). */
export type DecoderFeed<D> = (decoder: D) => Iterable<WasmDecodedBlock | Promise<WasmDecodedBlock>>;

/**
 * Creates a wasm decoder, runs `feed` through it, and collects the output under the limits. Whatever happens, the
 * decoder's wasm memory is freed, and only AudioErrors leave: a decoder that fails to start is an AudioDecoderError,
 * any exception while decoding is a CorruptAudioError with the original as its cause (on malformed input the JS
 * parsers around the codecs throw plain Errors, one has thrown a ReferenceError from its own bug, and the Opus wasm
 * traps with "memory access out of bounds" or "divide by zero").
 *
 * A decoder instance is used for one input only: after a trap its heap is in an unknown state.
 */
export async function runWasmDecoder<D extends WasmDecoder>(
  name: string,
  create: () => D,
  feed: DecoderFeed<D>,
  limits: DecodeLimits,
): Promise<WasmDecodeResult> {
  let decoder: D | undefined;
  try {
    try {
      decoder = create();
      await decoder.ready;
    } catch (cause) {
      throw new AudioDecoderError(name, { cause, details: messageOf(cause) });
    }
    const output = new PcmAccumulator(limits);
    let errors = 0;
    let firstError: string | undefined;
    const take = (block: WasmDecodedBlock) => {
      errors += block.errors.length;
      firstError ??= block.errors[0]?.message;
      output.add(block);
    };
    for (const block of feed(decoder)) take(await block);
    return { pcm: output.toPcm(), errors, firstError };
  } catch (cause) {
    if (cause instanceof AudioError) throw cause;
    throw new CorruptAudioError(`the ${name} decoder failed`, { cause, details: messageOf(cause) });
  } finally {
    freeQuietly(decoder);
  }
}

/**
 * Feeds `input` a slice at a time, then flushes. The probe that chose these decoders found that `decode()` without
 * `flush()` drops the last frame or page; with `flush()` the output equals `decodeFile()`'s, which would instead hold
 * the whole input and output at once.
 */
export function feedSlices(input: Uint8Array): DecoderFeed<WasmDecoder> {
  return function* (decoder) {
    for (let at = 0; at < input.length; at += SLICE_BYTES) yield decoder.decode(input.subarray(at, at + SLICE_BYTES));
    if (decoder.flush) yield decoder.flush();
  };
}

/** free() after a wasm trap can itself throw; the instance is unreachable afterwards either way and the GC takes it. */
function freeQuietly(decoder: WasmDecoder | undefined): void {
  try {
    decoder?.free();
  } catch {
    // Nothing more to release.
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
