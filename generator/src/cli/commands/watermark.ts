import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { decodeAudioFile } from "../../../audio/src/decode/index.js";
import { encodeWav } from "../../../audio/src/encode/wav-writer.js";
import {
  WATERMARK_PAYLOAD_BYTES,
  detectWatermark,
  embedWatermark,
  generateWatermarkKey,
  parseWatermarkKey,
  type WatermarkKey,
} from "../../../audio/src/watermark/index.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

async function readKey(path: string | undefined): Promise<WatermarkKey> {
  if (!path) throw new UsageError("--key <key.json> is required");
  return parseWatermarkKey(await readFile(path, "utf8"));
}

function parsePayload(hex: string | undefined): Uint8Array {
  const digits = WATERMARK_PAYLOAD_BYTES * 2;
  if (!hex || !new RegExp(`^(0x)?[0-9a-fA-F]{${digits}}$`).test(hex)) {
    throw new UsageError(`--payload must be ${digits} hex digits (${WATERMARK_PAYLOAD_BYTES} bytes), got "${hex ?? ""}"`);
  }
  return Uint8Array.from(Buffer.from(hex.replace(/^0x/, ""), "hex"));
}

export const watermarkKeygenCommand: Command = {
  name: ["watermark", "keygen"],
  summary: "create a secret watermark key (key.json, readable by its owner only)",
  usage: `usage: soundmark watermark keygen --out <key.json> [--force]

Writes {"keyId", "secret"}: 32 random bytes and an id derived from them (the id is safe to publish, the secret is
not). The file is created with mode 0600; an existing file is kept unless --force.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { out: { type: "string" }, force: { type: "boolean" } });
    if (!values.out || positionals.length > 0) throw new UsageError("watermark keygen takes --out <key.json> only");
    if (existsSync(values.out) && !values.force) throw new UsageError(`${values.out} exists (use --force to replace it)`);
    const key = generateWatermarkKey();
    await writeFile(values.out, JSON.stringify(key, null, 2) + "\n", { mode: 0o600 });
    io.stdout(`${key.keyId}\n`);
    return 0;
  },
};

export const watermarkEmbedCommand: Command = {
  name: ["watermark", "embed"],
  summary: "embed a keyed payload into audio, writing a 16-bit WAV",
  usage: `usage: soundmark watermark embed --key <key.json> --payload <16 hex digits> <in> <out.wav>

Embeds the 8-byte payload throughout the track with the key's secret, shaped to the music (target SNR 39 dB),
and writes a 16-bit WAV at the input's rate and channels. Prints the measured SNR.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { key: { type: "string" }, payload: { type: "string" } });
    if (positionals.length !== 2) throw new UsageError("watermark embed takes an input file and an output .wav");
    const key = await readKey(values.key);
    const payload = parsePayload(values.payload);
    const audio = await decodeAudioFile(positionals[0]!);
    const { pcm, snrDb } = embedWatermark(audio, key, payload);
    await writeFile(positionals[1]!, encodeWav(pcm));
    io.stdout(`wrote ${positionals[1]} (SNR ${snrDb.toFixed(1)} dB, key ${key.keyId})\n`);
    return 0;
  },
};

export const watermarkDetectCommand: Command = {
  name: ["watermark", "detect"],
  summary: "detect a keyed watermark and read its payload",
  usage: `usage: soundmark watermark detect --key <key.json> <file> [--json]

Prints {detected, payload, falsePositiveProbability, bitErrors, segments: [{start, end}]}. "detected" is true only
when the chance of such a result in unwatermarked audio is below 1e-6.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { key: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("watermark detect takes exactly one file");
    const key = await readKey(values.key);
    const audio = await decodeAudioFile(positionals[0]!);
    const r = detectWatermark(audio, key);
    const result = {
      detected: r.detected,
      payload: r.payload ? Buffer.from(r.payload).toString("hex") : null,
      falsePositiveProbability: r.falsePositiveProbability,
      bitErrors: r.bitErrors,
      segments: r.segments,
    };
    if (values.json) io.stdout(JSON.stringify(result) + "\n");
    else {
      io.stdout(
        r.detected
          ? `watermark detected: payload ${result.payload ?? "(unreadable)"}, false-positive probability ${r.falsePositiveProbability.toExponential(2)}\n`
          : `no watermark (false-positive probability of the best candidate ${r.falsePositiveProbability.toExponential(2)})\n`,
      );
    }
    return 0;
  },
};
