/**
 * Garbage command lines for every `soundmark` command: unknown options, missing or wrong-typed values, paths that do
 * not exist, directories, device files, empty and corrupt files, out-of-range numbers, unreachable URLs. Each case
 * is argv only; the bench runs them with the `soundmark` bin and judges exit code, stderr and signal.
 */
import type { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";

export interface CliCase {
  name: string;
  argv: string[];
}

/** Paths the cases use: prepared by the bench in a temp folder. */
export interface CliFiles {
  /** A folder that exists. */
  dir: string;
  /** A file that does not exist. */
  missing: string;
  emptyFile: string;
  /** Corrupt audio files (mutated WAV/FLAC/MP3/OGG). */
  corruptAudio: string[];
  /** A file of JSON garbage (for --key, --deployment). */
  garbageJson: string;
  /** A text file that is not JSON. */
  textFile: string;
  /** A chain that answers (the stack's), and a URL nothing listens on. */
  rpcUrl: string;
  deadUrl: string;
}

// No NUL: an argument vector cannot carry one (the OS ends a C string there; Node refuses to spawn it).
const GARBAGE_WORDS = ["--", "-", "---x", "--json=maybe", "''", "\u0001\u007f\u001b[2J", "$(rm -rf /)", "💥", "-1", "NaN", "1e309", "0x", "%s%n", "a".repeat(5_000), "--help=no"];

/** The fixed cases, then `randomPerCommand` random ones for each command. */
export function cliCases(rng: SeededRandom, files: CliFiles, randomPerCommand: number): CliCase[] {
  const audio = () => files.corruptAudio[rng.int(0, files.corruptAudio.length)]!;
  const fixed: CliCase[] = [
    { name: "no command word, an option", argv: ["--frobnicate"] },
    { name: "unknown command", argv: ["launch", "rockets"] },
    { name: "help of an unknown command", argv: ["help", "nothing"] },
    { name: "hash: no file", argv: ["hash"] },
    { name: "hash: missing file", argv: ["hash", files.missing] },
    { name: "hash: a directory", argv: ["hash", files.dir] },
    { name: "hash: /dev/null", argv: ["hash", "/dev/null"] },
    { name: "hash: empty file", argv: ["hash", files.emptyFile] },
    { name: "hash: a text file", argv: ["hash", files.textFile] },
    { name: "hash: two files", argv: ["hash", files.emptyFile, files.textFile] },
    { name: "fingerprint: --length -5", argv: ["fingerprint", "--length", "-5", audio()] },
    { name: "fingerprint: --algorithm 99", argv: ["fingerprint", "--algorithm", "99", audio()] },
    { name: "fingerprint: --length without a value", argv: ["fingerprint", audio(), "--length"] },
    { name: "index add: no --db", argv: ["index", "add", audio()] },
    { name: "index add: --db is a file", argv: ["index", "add", "--db", files.textFile, audio()] },
    { name: "index add: --id with two files", argv: ["index", "add", "--db", `${files.dir}/index-a`, "--id", "x", audio(), audio()] },
    { name: "identify: --db missing", argv: ["identify", "--db", files.missing, audio()] },
    { name: "identify: --db is a file", argv: ["identify", "--db", files.textFile, audio()] },
    { name: "watermark keygen: --out in a missing folder", argv: ["watermark", "keygen", "--out", `${files.missing}/sub/key.json`] },
    { name: "watermark keygen: --out a directory", argv: ["watermark", "keygen", "--out", files.dir] },
    { name: "watermark embed: key of garbage JSON", argv: ["watermark", "embed", "--key", files.garbageJson, "--payload", "00112233aabbccdd", audio(), `${files.dir}/out.wav`] },
    { name: "watermark embed: payload not hex", argv: ["watermark", "embed", "--key", files.garbageJson, "--payload", "zz", audio(), `${files.dir}/out.wav`] },
    { name: "watermark detect: key is a text file", argv: ["watermark", "detect", "--key", files.textFile, audio()] },
    { name: "watermark detect: key missing", argv: ["watermark", "detect", "--key", files.missing, audio()] },
    { name: "train: corpus is a corrupt file", argv: ["train", "--corpus", audio(), "--style", "s", "--out", `${files.dir}/model`] },
    { name: "train: --epochs -1", argv: ["train", "--corpus", files.dir, "--style", "s", "--out", `${files.dir}/model`, "--epochs", "-1"] },
    { name: "train: empty corpus folder", argv: ["train", "--corpus", files.dir, "--style", "s", "--out", `${files.dir}/model`, "--epochs", "1"] },
    { name: "generate: model missing", argv: ["generate", "--model", files.missing, "--seconds", "5", "--seed", "1", "--key", files.garbageJson, "--out", `${files.dir}/t.wav`] },
    { name: "generate: --seconds 1e9", argv: ["generate", "--model", files.dir, "--seconds", "1e9", "--seed", "1", "--key", files.garbageJson, "--out", `${files.dir}/t.wav`] },
    { name: "generate: --temperature -3", argv: ["generate", "--model", files.dir, "--seconds", "5", "--seed", "x", "--key", files.garbageJson, "--out", `${files.dir}/t.wav`, "--temperature", "-3"] },
    { name: "generator serve: --port abc", argv: ["generator", "serve", "--port", "abc"] },
    { name: "generator serve: --port 99999", argv: ["generator", "serve", "--port", "99999"] },
    { name: "generator serve: --workers -1", argv: ["generator", "serve", "--workers", "-1", "--port", "0"] },
    { name: "generator serve: --data is a file", argv: ["generator", "serve", "--data", files.textFile, "--port", "0"] },
    { name: "verify: no --rpc", argv: ["verify", audio()] },
    { name: "verify: --rpc not a URL", argv: ["verify", audio(), "--rpc", "chain please"] },
    { name: "verify: --rpc refuses connections", argv: ["verify", audio(), "--rpc", files.deadUrl] },
    { name: "verify: a corrupt file against the live chain", argv: ["verify", audio(), "--rpc", files.rpcUrl, "--cache", `${files.dir}/verify-cache`] },
    { name: "verify: --deployment of garbage JSON", argv: ["verify", audio(), "--rpc", files.rpcUrl, "--deployment", files.garbageJson, "--cache", `${files.dir}/verify-cache`] },
    { name: "verify: --from-block -7", argv: ["verify", audio(), "--rpc", files.rpcUrl, "--from-block", "-7"] },
    { name: "apikey create: unknown scope", argv: ["apikey", "create", "--scope", "root,everything", "--data", `${files.dir}/db-a`] },
    { name: "apikey create: --database-url refuses connections", argv: ["apikey", "create", "--scope", "admin", "--database-url", "postgres://nobody@127.0.0.1:1/none"] },
    { name: "apikey revoke: no id", argv: ["apikey", "revoke", "--database-url", "postgres://nobody@127.0.0.1:1/none"] },
    { name: "apikey list: --data is a file", argv: ["apikey", "list", "--data", files.textFile] },
  ];
  // Random lines: each command with random options (known and unknown) and random values and positionals. No valid
  // model, key or corpus is in the pool, so none starts real work (generation, training).
  const commands: { words: string[]; options: string[] }[] = [
    { words: ["hash"], options: ["--json"] },
    { words: ["fingerprint"], options: ["--raw", "--length", "--algorithm", "--json"] },
    { words: ["identify"], options: ["--db", "--json"] },
    { words: ["watermark", "detect"], options: ["--key", "--json"] },
    { words: ["watermark", "embed"], options: ["--key", "--payload"] },
    { words: ["generate"], options: ["--model", "--seconds", "--seed", "--key", "--out", "--top-k", "--top-p", "--beam", "--prompt"] },
    { words: ["verify"], options: ["--rpc", "--ipfs", "--key", "--registry", "--from-block", "--json"] },
    { words: ["generator", "serve"], options: ["--port", "--workers", "--queue", "--models"] },
  ];
  const value = () => {
    const pool = [...GARBAGE_WORDS, files.missing, files.dir, files.emptyFile, files.textFile, files.garbageJson, audio(), files.deadUrl, String(rng.int(-1e6, 1e6))];
    return pool[rng.int(0, pool.length)]!;
  };
  const random: CliCase[] = [];
  for (const { words, options } of commands) {
    for (let i = 0; i < randomPerCommand; i++) {
      const argv = [...words];
      for (let k = rng.int(1, 5); k > 0; k--) {
        const option = rng.next() < 0.8 ? options[rng.int(0, options.length)]! : `--no-such-option-${rng.int(0, 100)}`;
        argv.push(option);
        if (rng.next() < 0.85) argv.push(value());
      }
      if (rng.next() < 0.7) argv.push(audio());
      // `generator serve` with values that happen to be valid would start serving: give it an option no command knows.
      if (words[0] === "generator") argv.splice(words.length + rng.int(0, argv.length - words.length + 1), 0, `--fuzz-${rng.int(0, 1e6)}`);
      random.push({ name: `${words.join(" ")} random #${i}`, argv });
    }
  }
  return [...fixed, ...random];
}
