import { CorruptAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import type { Pcm } from "../pcm.js";
import { checkDurationLimit, type DecodeLimits } from "./limits.js";

/** One block of output from a streaming decoder. */
export interface DecodedBlock {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}

/**
 * Collects a streaming decoder's output blocks into one Pcm, enforcing maxSeconds as the blocks arrive: the decoder
 * is fed the input a slice at a time, so a small file that decodes to hours of audio is stopped after about
 * maxSeconds of output instead of exhausting memory.
 */
export class PcmAccumulator {
  readonly #limits: DecodeLimits;
  readonly #blocks: Float32Array[][] = [];
  #frames = 0;
  #sampleRate = 0;
  #channelCount = 0;

  constructor(limits: DecodeLimits) {
    this.#limits = limits;
  }

  /** Samples per channel so far. */
  get frames(): number {
    return this.#frames;
  }

  add(block: DecodedBlock): void {
    const { channelData, sampleRate } = block;
    const length = channelData[0]?.length ?? 0;
    // Blocks without samples carry no format: the decoders leave whatever was in memory in sampleRate and channels.
    if (block.samplesDecoded === 0 || length === 0) return;
    if (channelData.some((c) => c.length !== length)) throw new CorruptAudioError("decoded channels differ in length");
    if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
      throw new CorruptAudioError(`the decoder reports a sample rate of ${sampleRate}`);
    }
    if (this.#frames === 0) {
      this.#sampleRate = sampleRate;
      this.#channelCount = channelData.length;
    } else if (sampleRate !== this.#sampleRate || channelData.length !== this.#channelCount) {
      throw new UnsupportedFormatError(
        `a stream that changes from ${this.#channelCount} channels at ${this.#sampleRate} Hz ` +
          `to ${channelData.length} at ${sampleRate} Hz`,
      );
    }
    this.#frames += length;
    checkDurationLimit(this.#frames, this.#sampleRate, this.#limits);
    this.#blocks.push(channelData);
  }

  /**
   * The collected audio as one Float32Array per channel; non-finite samples (which a decoder fed damaged data can
   * produce) become 0. Undefined when nothing was decoded.
   */
  toPcm(): Pcm | undefined {
    if (this.#frames === 0) return undefined;
    const channels = Array.from({ length: this.#channelCount }, () => new Float32Array(this.#frames));
    let offset = 0;
    for (const block of this.#blocks) {
      for (let c = 0; c < channels.length; c++) channels[c]!.set(block[c]!, offset);
      offset += block[0]!.length;
    }
    this.#blocks.length = 0;
    for (const channel of channels) {
      for (let i = 0; i < channel.length; i++) if (!Number.isFinite(channel[i]!)) channel[i] = 0;
    }
    return { sampleRate: this.#sampleRate, channels };
  }
}
