import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav } from "../../../generator/audio/src/encode/wav-writer.js";
import { pcmLength, type Pcm } from "../../../generator/audio/src/pcm.js";

/** A lossy codec ffmpeg can encode: its encoder arguments and the container file extension. */
export interface FfmpegCodec {
  name: string;
  description: string;
  encoderArgs: string[];
  extension: string;
}

export const FFMPEG_CODECS = {
  "aac-64k": {
    name: "aac-64k",
    description: "AAC-LC at 64 kbps (ffmpeg's native encoder, .m4a), decoded by ffmpeg",
    encoderArgs: ["-c:a", "aac", "-b:a", "64k"],
    extension: "m4a",
  },
  "opus-32k": {
    name: "opus-32k",
    description: "Opus at 32 kbps (libopus through ffmpeg, 48 kHz, .opus), decoded by ffmpeg",
    encoderArgs: ["-c:a", "libopus", "-b:a", "32k"],
    extension: "opus",
  },
} as const satisfies Record<string, FfmpegCodec>;

/** Whether an `ffmpeg` binary runs from PATH. */
export function hasFfmpeg(): boolean {
  const r = spawnSync("ffmpeg", ["-hide_banner", "-version"], { stdio: "ignore" });
  return r.status === 0;
}

function ffmpeg(args: string[], what: string): Buffer {
  const r = spawnSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-threads", "1", ...args], {
    maxBuffer: 1 << 30,
  });
  if (r.error) throw new Error(`ffmpeg ${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ffmpeg ${what} exited ${r.status}: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

/**
 * Encodes `pcm` with `codec` through ffmpeg (a 32-bit float WAV in, a temp file out, one thread) and decodes it back to
 * the input's rate and channel count. The result has the input's length: ffmpeg drops the codec's priming samples
 * where the container says how many (m4a edit list, Ogg Opus pre-skip); the tail is cut or zero-padded.
 *
 * @throws Error when ffmpeg fails or is missing.
 */
export function ffmpegRoundTrip(pcm: Pcm, codec: FfmpegCodec): Pcm {
  const dir = mkdtempSync(join(tmpdir(), "soundmark-ffmpeg-"));
  try {
    const input = join(dir, "in.wav");
    const encoded = join(dir, `out.${codec.extension}`);
    writeFileSync(input, encodeWav(pcm, "f32"));
    ffmpeg(["-i", input, ...codec.encoderArgs, "-y", encoded], `encode (${codec.name})`);
    const raw = ffmpeg(
      ["-i", encoded, "-f", "f32le", "-ac", String(pcm.channels.length), "-ar", String(pcm.sampleRate), "pipe:1"],
      `decode (${codec.name})`,
    );
    const channels = pcm.channels.length;
    const frames = Math.floor(raw.length / (4 * channels));
    const interleaved = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + frames * channels * 4));
    const n = pcmLength(pcm);
    const out = pcm.channels.map(() => new Float32Array(n));
    const m = Math.min(n, frames);
    for (let i = 0; i < m; i++) for (let c = 0; c < channels; c++) out[c]![i] = interleaved[i * channels + c]!;
    return { sampleRate: pcm.sampleRate, channels: out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
