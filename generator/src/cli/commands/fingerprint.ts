import { decodeAudioFile } from "../../../audio/src/decode/index.js";
import {
  chromaprint,
  chromaprintConfigOf,
  compressFingerprint,
} from "../../../audio/src/fingerprint/chromaprint/index.js";
import type { Command } from "../command.js";
import { parseOptions, positiveNumber } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const fingerprintCommand: Command = {
  name: ["fingerprint"],
  summary: "Chromaprint fingerprint in fpcalc's format (same raw integers, same compressed string)",
  usage: `usage: soundmark fingerprint <file> [--raw] [--length 120] [--algorithm 2] [--json]

Prints DURATION= and FINGERPRINT= lines exactly like Chromaprint's fpcalc: the fingerprint compressed and base64
encoded (what the AcoustID API takes), or with --raw as comma-separated unsigned integers like \`fpcalc -raw\`.
  --length N     fingerprint the first N seconds (default 120, like fpcalc; 0 = the whole file)
  --algorithm N  fpcalc's algorithm number 1..5 (default 2, Chromaprint's TEST2)
  --json         {"duration": seconds, "fingerprint": string or integers} like \`fpcalc -json\`
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      raw: { type: "boolean" },
      json: { type: "boolean" },
      length: { type: "string" },
      algorithm: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError("fingerprint takes exactly one file");
    const maxSeconds = positiveNumber(values.length, "length", 120);
    const algorithm = positiveNumber(values.algorithm, "algorithm", 2);
    const config = chromaprintConfigOf(algorithm - 1);
    if (!Number.isInteger(algorithm) || !config) throw new UsageError(`--algorithm must be 1..5, got ${algorithm}`);

    const audio = await decodeAudioFile(positionals[0]!);
    const { raw, durationSeconds } = chromaprint(audio, { maxSeconds, config });
    const fingerprint = values.raw ? Array.from(raw) : compressFingerprint(raw, config.algorithm);
    if (values.json) {
      io.stdout(`{"duration": ${durationSeconds.toFixed(2)}, "fingerprint": ${JSON.stringify(fingerprint)}}\n`);
    } else {
      const text = Array.isArray(fingerprint) ? fingerprint.join(",") : fingerprint;
      io.stdout(`DURATION=${Math.trunc(durationSeconds)}\nFINGERPRINT=${text}\n`);
    }
    return 0;
  },
};
