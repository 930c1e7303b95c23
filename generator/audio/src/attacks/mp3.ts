import { Mp3Encoder } from "@breezystack/lamejs";
import { MPEGDecoder } from "mpg123-decoder";
import { encodeMp3Channels } from "../encode/mp3-writer.js";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { pcmLength, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/index.js";
import { fitLength, requirePcm } from "./validate.js";

export interface Mp3Parameters {
  /** Constant bitrate in kbps, one of MP3_BITRATES (64 and 128 are the usual benchmark points). */
  bitrate: Mp3Bitrate;
}

/** The bitrates LAME accepts (MPEG-1 and MPEG-2 layer III together). */
export const MP3_BITRATES = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320] as const;
export type Mp3Bitrate = (typeof MP3_BITRATES)[number];

/** Sample rates of MPEG-1, 2 and 2.5 layer III. */
const MP3_SAMPLE_RATES = [8000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000] as const;

/**
 * Samples between the input and the decoded output at the stream's rate: LAME's encoder delay (576) plus mpg123's
 * decoder delay (529). Measured by cross-correlation here for every stream rate from 8 to 48 kHz, mono and stereo,
 * 32 to 320 kbps; neither lamejs (no LAME/Xing tag) nor mpg123 removes it.
 */
export const MP3_CODEC_DELAY = 1105;

/** One MPEG-1 layer III frame of samples: the probe encodes one. */
const CHUNK = 1152;

/**
 * MP3 round trip: encode at a constant `bitrate` with lamejs (LAME 3.100 in pure JS, psychoacoustic model, quality 3)
 * and decode with mpg123 (wasm). Channels are encoded in stereo pairs (a last odd channel as mono); samples are
 * clipped to 16 bits.
 *
 * LAME picks a lower stream rate for low bitrates, as the `lame` command does (64 kbps stereo at 44.1 kHz is coded
 * at 24 kHz; 64 kbps mono stays at 44.1 kHz). That stream rate is read from the first frame header of a short probe
 * encode; the input is then resampled to it here (band-limited, zero delay) instead of by lamejs, so the only delay
 * is the codec's fixed MP3_CODEC_DELAY samples at the stream rate, which is removed. The decoded stream is resampled
 * back to the input's rate. The result has the input's rate, channel count and length, time-aligned to it within a
 * sample.
 *
 * @example
 * const degraded = await mp3(pcm, { bitrate: 64 });
 */
export async function mp3(pcm: Pcm, { bitrate }: Mp3Parameters): Promise<Pcm> {
  requirePcm("mp3", pcm);
  if (!(MP3_BITRATES as readonly number[]).includes(bitrate)) {
    throw new InvalidAttackParameterError("mp3", "bitrate", bitrate, `one of ${MP3_BITRATES.join(", ")} kbps`);
  }
  const rate = pcm.sampleRate;
  const n = pcmLength(pcm);
  const channels: Float32Array[] = [];
  for (let c = 0; c < pcm.channels.length; c += 2) {
    channels.push(...(await roundTrip(pcm.channels.slice(c, c + 2), rate, bitrate, n)));
  }
  return { sampleRate: rate, channels };
}

/** Encodes and decodes one mono or stereo group, returning `n` samples per channel at `rate`. */
async function roundTrip(group: Float32Array[], rate: number, bitrate: number, n: number): Promise<Float32Array[]> {
  // The highest MP3 rate not above the input's (8 kHz for lower rates), then whatever LAME settles on for it.
  let streamRate: number = [...MP3_SAMPLE_RATES].reverse().find((r) => r <= rate) ?? 8000;
  for (let i = 0; i < 4; i++) {
    const chosen = probeStreamRate(group.length, streamRate, bitrate);
    if (chosen === streamRate) break;
    streamRate = chosen;
  }
  const toStream = streamRate === rate ? undefined : Resampler.forRates(rate, streamRate);
  const input = toStream ? group.map((channel) => toStream.process(channel)) : group;
  const streamLength = input[0]!.length;
  const bytes = encodeMp3Channels(input, streamRate, bitrate);

  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const decoded = decoder.decode(bytes);
    return group.map((_, c) => {
      const channel = decoded.channelData[c] ?? decoded.channelData[0] ?? new Float32Array(0);
      const aligned = fitLength(channel.subarray(MP3_CODEC_DELAY, MP3_CODEC_DELAY + streamLength), streamLength);
      if (decoded.sampleRate === rate) return fitLength(aligned.slice(), n);
      return Resampler.forRates(decoded.sampleRate, rate).process(aligned, n);
    });
  } finally {
    decoder.free();
  }
}

/** The sample rate LAME codes at for this input rate, channel count and bitrate: read from a probe's first frame header. */
function probeStreamRate(channels: number, sampleRate: number, bitrate: number): number {
  const encoder = new Mp3Encoder(channels, sampleRate, bitrate);
  const silence = new Int16Array(CHUNK);
  const first = channels === 2 ? encoder.encodeBuffer(silence, silence) : encoder.encodeBuffer(silence);
  const rest = encoder.flush();
  const bytes = new Uint8Array(first.length + rest.length);
  bytes.set(first);
  bytes.set(rest, first.length);
  return frameSampleRate(bytes) ?? sampleRate;
}

/** Sample rate from the first MPEG audio frame header in `bytes` (sync 0xFFE, version bits, rate index). */
export function frameSampleRate(bytes: Uint8Array): number | undefined {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] !== 0xff || (bytes[i + 1]! & 0xe0) !== 0xe0) continue;
    const version = (bytes[i + 1]! >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    const index = (bytes[i + 2]! >> 2) & 3;
    if (version === 1 || index === 3) continue;
    const base = [44_100, 48_000, 32_000][index]!;
    return version === 3 ? base : version === 2 ? base / 2 : base / 4;
  }
  return undefined;
}
