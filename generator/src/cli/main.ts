import { BaseError } from "../../audio/src/errors/base-error.js";
import { processIo, type Command, type CommandIo } from "./command.js";
import { UsageError } from "./usage-error.js";

/** Every command, loaded on demand so that `soundmark hash` does not load the index or the model. */
const COMMANDS: ReadonlyArray<{ name: readonly string[]; summary: string; load: () => Promise<Command> }> = [
  {
    name: ["hash"],
    summary: "content hashes: SHA-256 of the file and of its canonical PCM",
    load: async () => (await import("./commands/hash.js")).hashCommand,
  },
  {
    name: ["fingerprint"],
    summary: "Chromaprint fingerprint in fpcalc's format (same integers, same compressed string)",
    load: async () => (await import("./commands/fingerprint.js")).fingerprintCommand,
  },
  {
    name: ["index", "add"],
    summary: "fingerprint audio files into an identification index (--db <dir>)",
    load: async () => (await import("./commands/index-add.js")).indexAddCommand,
  },
  {
    name: ["identify"],
    summary: "which indexed tracks a file or excerpt comes from, with offsets",
    load: async () => (await import("./commands/identify.js")).identifyCommand,
  },
  {
    name: ["verify"],
    summary: "trustless provenance of a file from the chain and IPFS alone (no Soundmark server)",
    load: async () => (await import("./commands/verify.js")).verifyCommand,
  },
  {
    name: ["apikey", "create"],
    summary: "create an API key for the server (prints it once)",
    load: async () => (await import("./commands/apikey.js")).apikeyCreateCommand,
  },
  {
    name: ["apikey", "list"],
    summary: "list the server's API keys (ids, scopes, use; never the keys)",
    load: async () => (await import("./commands/apikey.js")).apikeyListCommand,
  },
  {
    name: ["apikey", "revoke"],
    summary: "revoke an API key by its id",
    load: async () => (await import("./commands/apikey.js")).apikeyRevokeCommand,
  },
  {
    name: ["watermark", "keygen"],
    summary: "create a secret watermark key file",
    load: async () => (await import("./commands/watermark.js")).watermarkKeygenCommand,
  },
  {
    name: ["watermark", "embed"],
    summary: "embed a keyed 8-byte payload into audio (writes a WAV)",
    load: async () => (await import("./commands/watermark.js")).watermarkEmbedCommand,
  },
  {
    name: ["watermark", "detect"],
    summary: "detect the watermark and read its payload, with its false-positive probability",
    load: async () => (await import("./commands/watermark.js")).watermarkDetectCommand,
  },
  {
    name: ["train"],
    summary: "train a style model on a folder of MIDI files or a WAD (optionally fine-tuning a base model)",
    load: async () => (await import("./commands/train.js")).trainCommand,
  },
  {
    name: ["generate"],
    summary: "generate a watermarked track in a model's style (WAV + MIDI + manifest)",
    load: async () => (await import("./commands/generate.js")).generateCommand,
  },
  {
    name: ["generator", "serve"],
    summary: "run the generation job API (submit, progress over SSE, result, cancel)",
    load: async () => (await import("./commands/generator-serve.js")).generatorServeCommand,
  },
];

async function helpText(): Promise<string> {
  const lines = ["usage: soundmark <command> [options]", "", "commands:"];
  for (const c of COMMANDS) lines.push(`  ${c.name.join(" ").padEnd(14)} ${c.summary}`);
  lines.push("", "soundmark help <command> shows a command's options.");
  return lines.join("\n") + "\n";
}

function findCommand(argv: string[]): { entry: (typeof COMMANDS)[number]; rest: string[] } | undefined {
  const matches = COMMANDS.filter((c) => c.name.every((word, i) => argv[i] === word));
  const best = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return best ? { entry: best, rest: argv.slice(best.name.length) } : undefined;
}

/** Runs the CLI; resolves to the process exit code (0 ok, 1 failure, 2 usage error). Never throws. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h") {
      io.stdout(await helpText());
      return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === "help") {
      const found = findCommand(argv.slice(1));
      io.stdout(found ? (await found.entry.load()).usage : await helpText());
      return found ? 0 : 2;
    }
    const found = findCommand(argv);
    if (!found) throw new UsageError(`unknown command: ${argv.slice(0, 2).join(" ")} (see soundmark --help)`);
    const command = await found.entry.load();
    if (found.rest.includes("--help") || found.rest.includes("-h")) {
      io.stdout(command.usage);
      return 0;
    }
    return await command.run(found.rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CommandIo): number {
  if (error instanceof UsageError) {
    io.stderr(`soundmark: ${error.message}\n`);
    return 2;
  }
  if (error instanceof BaseError) {
    io.stderr(`soundmark: ${error.shortMessage}${error.details ? `\n  ${error.details}` : ""}\n`);
    return 1;
  }
  if (error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("E")) {
    // Node's system errors (ENOENT, EACCES, EISDIR...): the message names the path.
    io.stderr(`soundmark: ${error.message}\n`);
    return 1;
  }
  io.stderr(`soundmark: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
