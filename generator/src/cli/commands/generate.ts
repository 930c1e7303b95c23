import { readFile } from "node:fs/promises";
import { parseWatermarkKey, WATERMARK_PAYLOAD_BYTES } from "../../../audio/src/watermark/index.js";
import { checkGenerateParameters } from "../../pipeline/generate-parameters.js";
import { generateTrack } from "../../pipeline/generate-track.js";
import { InvalidGenerateParametersError } from "../../pipeline/pipeline-error.js";
import type { NoteRenderer } from "../../render/note-renderer.js";
import { loadInstalledSoundFont, loadSoundFont } from "../../render/soundfont/soundfont-renderer.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { ProgressBar } from "../progress-bar.js";
import { UsageError } from "../usage-error.js";

/** A numeric option, or undefined when absent; a usage error when it is not a number. */
function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
  return n;
}

/** The instrument set: --synth forces the built-in one, --soundfont picks a file, otherwise an installed GM bank. */
async function chooseRenderer(values: { synth?: boolean; soundfont?: string }): Promise<NoteRenderer | undefined> {
  if (values.synth && values.soundfont) throw new UsageError("--synth and --soundfont exclude each other");
  if (values.synth) return undefined;
  if (values.soundfont) return loadSoundFont(values.soundfont);
  return loadInstalledSoundFont();
}

export const generateCommand: Command = {
  name: ["generate"],
  summary: "generate a watermarked track in a model's style (WAV + MIDI + manifest)",
  usage: `usage: soundmark generate --model <dir> --seconds <s> --seed <n> --key <key.json> --out <track.wav> [options]

Samples a piece from the style model, renders it to 44.1 kHz stereo, embeds the watermark and writes track.wav,
track.mid and the manifest track.json (model hash, style, seed, sampling, watermark payload, timings). The same
model, seed, options and key give a byte-identical WAV.
  --style <id>          style of the model to generate in (default: the model's last, the artist it was tuned on)
  --temperature <t>     softmax temperature, 0 (greedy) to 5 (default 1)
  --top-k <k>           keep the k most likely tokens (0 = all, default)
  --top-p <p>           nucleus sampling threshold in (0, 1] (default 1)
  --beam <n>            beam search with n beams (default 1: sampling)
  --prompt <file.mid>   continue the first bars of this MIDI file
  --payload <hex>       the ${WATERMARK_PAYLOAD_BYTES}-byte watermark payload (default: derived from model hash, seed and options)
  --soundfont <f.sf2>   render with this SoundFont (default: an installed General MIDI SoundFont, if any)
  --synth               render with the built-in synthesizer even when a SoundFont is installed
  --json                print the manifest as JSON
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      model: { type: "string" },
      style: { type: "string" },
      seconds: { type: "string" },
      seed: { type: "string" },
      key: { type: "string" },
      out: { type: "string" },
      temperature: { type: "string" },
      "top-k": { type: "string" },
      "top-p": { type: "string" },
      beam: { type: "string" },
      prompt: { type: "string" },
      payload: { type: "string" },
      soundfont: { type: "string" },
      synth: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see soundmark help generate)`);
    for (const required of ["model", "seconds", "seed", "key", "out"] as const) {
      if (values[required] === undefined) throw new UsageError(`--${required} is required (see soundmark help generate)`);
    }
    if (!/\.wav$/i.test(values.out!)) throw new UsageError(`--out must name a .wav file, got "${values.out}"`);
    let parameters;
    try {
      parameters = checkGenerateParameters({
        seconds: numberOption(values.seconds, "seconds")!,
        seed: numberOption(values.seed, "seed")!,
        sampling: {
          temperature: numberOption(values.temperature, "temperature"),
          topK: numberOption(values["top-k"], "top-k"),
          topP: numberOption(values["top-p"], "top-p"),
          beamWidth: numberOption(values.beam, "beam"),
        },
      });
    } catch (error) {
      if (error instanceof InvalidGenerateParametersError) throw new UsageError(error.shortMessage.replace(/^[^:]*: /, ""));
      throw error;
    }
    let payload: Uint8Array | undefined;
    if (values.payload !== undefined) {
      const digits = 2 * WATERMARK_PAYLOAD_BYTES;
      if (!new RegExp(`^(0x)?[0-9a-fA-F]{${digits}}$`).test(values.payload)) {
        throw new UsageError(`--payload must be ${digits} hex digits (${WATERMARK_PAYLOAD_BYTES} bytes), got "${values.payload}"`);
      }
      payload = Uint8Array.from(Buffer.from(values.payload.replace(/^0x/, ""), "hex"));
    }
    const watermarkKey = parseWatermarkKey(await readFile(values.key!, "utf8"));
    const promptMidi = values.prompt ? new Uint8Array(await readFile(values.prompt)) : undefined;
    const renderer = await chooseRenderer(values);

    const bar = new ProgressBar(io, "generate", 100);
    let shown = 0;
    const { manifest, paths } = await generateTrack({
      modelDir: values.model!,
      style: values.style,
      ...parameters,
      promptMidi,
      watermarkKey,
      payload,
      out: values.out!,
      renderer,
      onProgress: ({ stage, fraction }) => {
        while (shown < Math.floor(fraction * 100)) {
          shown++;
          bar.tick(stage);
        }
      },
    });
    bar.finish(`${manifest.audio.durationSeconds.toFixed(1)} s of audio, ${manifest.generator.tokens} tokens on ${manifest.generator.backend}`);
    if (values.json) io.stdout(JSON.stringify(manifest, null, 2) + "\n");
    else {
      io.stdout(
        `wrote ${paths.wav}, ${paths.midi}, ${paths.manifest}\n` +
          `model ${manifest.generator.modelHash.slice(0, 16)}… style ${manifest.generator.style} seed ${manifest.generator.seed} ` +
          `renderer ${manifest.generator.renderer}\n` +
          `watermark ${manifest.watermark.scheme} key ${manifest.watermark.keyId} payload ${manifest.watermark.payload} ` +
          `(SNR ${manifest.watermark.snrDb} dB)\n`,
      );
    }
    return 0;
  },
};
