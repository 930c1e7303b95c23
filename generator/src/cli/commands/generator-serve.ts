import { readFile } from "node:fs/promises";
import { parseWatermarkKey } from "../../../audio/src/watermark/index.js";
import type { NoteRenderer } from "../../render/note-renderer.js";
import { loadInstalledSoundFont, loadSoundFont } from "../../render/soundfont/soundfont-renderer.js";
import { startGeneratorService } from "../../service/start-generator-service.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

function integerOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}..${max}, got "${value}"`);
  return n;
}

export const generatorServeCommand: Command = {
  name: ["generator", "serve"],
  summary: "run the generation job API (HTTP: submit, progress over SSE, result, cancel)",
  usage: `usage: soundmark generator serve [--port 4100] [--host 127.0.0.1] [--data <dir>] [options]

Serves POST /v1/jobs, GET /v1/jobs/:id, GET /v1/jobs/:id/events (server-sent events), DELETE /v1/jobs/:id and
GET /v1/jobs/:id/audio (see docs/generator.md). Jobs are files under <data>/jobs and survive restarts: a job that
was running when the service stopped is retried once, then marked failed. Stops cleanly on SIGINT / SIGTERM.
  --data <dir>         jobs, outputs, models and the key (default data/generator)
  --models <dir>       the model folders a job may name (default <data>/models)
  --key <key.json>     the watermark key (default <data>/watermark-key.json, created on first start)
  --workers <n>        jobs run at once, each worker keeping one model loaded (default 1)
  --queue <n>          most waiting jobs; more are refused with 429 (default 16)
  --soundfont <f.sf2>  render with this SoundFont (default: an installed General MIDI SoundFont, if any)
  --synth              render with the built-in synthesizer
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      port: { type: "string" },
      host: { type: "string" },
      data: { type: "string" },
      models: { type: "string" },
      key: { type: "string" },
      workers: { type: "string" },
      queue: { type: "string" },
      soundfont: { type: "string" },
      synth: { type: "boolean" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const port = integerOption(values.port, "port", 4100, 0, 65535);
    const workers = integerOption(values.workers, "workers", 1, 1, 64);
    const capacity = integerOption(values.queue, "queue", 16, 1, 100_000);
    if (values.synth && values.soundfont) throw new UsageError("--synth and --soundfont exclude each other");
    const watermarkKey = values.key ? parseWatermarkKey(await readFile(values.key, "utf8")) : undefined;
    let renderer: NoteRenderer | undefined;
    if (values.soundfont) renderer = await loadSoundFont(values.soundfont);
    else if (!values.synth) renderer = await loadInstalledSoundFont();
    const log = (line: string) => io.stderr(`${line}\n`);
    const service = await startGeneratorService({
      dataDir: values.data ?? "data/generator",
      modelsDir: values.models,
      watermarkKey,
      port,
      host: values.host,
      workers,
      capacity,
      renderer,
      log,
    });
    io.stdout(`generator service on ${service.url} (watermark key ${service.keyId}, renderer ${renderer?.name ?? "synth"})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    log("shutting down: running jobs go back to the queue");
    await service.close();
    return 0;
  },
};
