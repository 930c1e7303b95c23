import { decodeAudioFile } from "../../../audio/src/decode/index.js";
import { pcmSha256, sha256File } from "../../../audio/src/hash/index.js";
import { pcmDuration } from "../../../audio/src/pcm.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

/** What `soundmark hash` reports for one file. */
export interface HashResult {
  sha256: string;
  pcmSha256: string;
  durationSeconds: number;
  sampleRate: number;
  channels: number;
}

/** The file's SHA-256 (exact identity) and its canonical-PCM SHA-256 (same audio in any lossless container). */
export async function hashFile(path: string): Promise<HashResult> {
  const [sha256, audio] = await Promise.all([sha256File(path), decodeAudioFile(path)]);
  return {
    sha256,
    pcmSha256: pcmSha256(audio),
    durationSeconds: Number(pcmDuration(audio).toFixed(6)),
    sampleRate: audio.sampleRate,
    channels: audio.channels.length,
  };
}

export const hashCommand: Command = {
  name: ["hash"],
  summary: "content hashes of an audio file: sha256 of the bytes, sha256 of the canonical PCM",
  usage: `usage: soundmark hash <file> [--json]

Prints the SHA-256 of the file's bytes and the SHA-256 of its canonical PCM (decoded, 16-bit little-endian,
interleaved, native rate and channels; see docs/audio-hashes.md), with the duration, rate and channel count.
  --json   one JSON object: {sha256, pcmSha256, durationSeconds, sampleRate, channels}
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("hash takes exactly one file");
    const result = await hashFile(positionals[0]!);
    if (values.json) {
      io.stdout(JSON.stringify(result) + "\n");
    } else {
      io.stdout(
        `sha256           ${result.sha256}\npcmSha256        ${result.pcmSha256}\n` +
          `durationSeconds  ${result.durationSeconds}\nsampleRate       ${result.sampleRate}\nchannels         ${result.channels}\n`,
      );
    }
    return 0;
  },
};
