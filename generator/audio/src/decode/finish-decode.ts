import { CorruptAudioError, EmptyAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import type { AudioFormat, DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import type { WasmDecodeResult } from "./wasm-decode.js";

/** What the container walk found, next to what the decoder produced. */
export interface ContainerFindings {
  /** The container says there should be more (a cut-off frame or page, fewer samples than declared). */
  truncated: boolean;
  /** Times the container walk had to search for the next frame or page. */
  resyncs: number;
}

/**
 * Turns a compressed decoder's output into DecodedAudio or the typed error it amounts to, with one policy for all
 * formats: truncation throws unless allowed, concealed damage throws only when strict, and no samples at all is
 * corrupt audio when there was damage and empty audio otherwise.
 */
export function finishDecode(
  format: AudioFormat,
  result: WasmDecodeResult,
  findings: ContainerFindings,
  options: DecodeOptions,
): DecodedAudio {
  const corruptFrames = result.errors + findings.resyncs;
  const damage = () =>
    result.firstError ? `first decoder error: ${result.firstError}` : `${findings.resyncs} resynchronisations`;
  if (findings.truncated && !options.allowTruncated) {
    throw new TruncatedAudioError(`the ${format} stream ends before its headers say it should`);
  }
  if (options.strict && corruptFrames > 0) {
    throw new CorruptAudioError(`${corruptFrames} damaged frames in the ${format} stream`, { details: damage() });
  }
  if (!result.pcm) {
    if (corruptFrames > 0) {
      throw new CorruptAudioError(`no frame of the ${format} stream could be decoded`, { details: damage() });
    }
    throw new EmptyAudioError(`the ${format} stream holds no samples`);
  }
  return { format, ...result.pcm, truncated: findings.truncated, corruptFrames };
}
