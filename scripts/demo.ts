/**
 * `npm run demo`: the whole Soundmark story against a running stack, each step printed and checked, exit code 1 when
 * one fails. The stack is the one answering at SOUNDMARK_URL (default http://127.0.0.1:$PORT, PORT 4000), found
 * through the stack.json of SOUNDMARK_DATA and used with SOUNDMARK_API_KEY; when none answers, the demo starts its own
 * (`npm start` on a temp data folder and free ports) and stops it at the end. See docs/demo.md.
 *
 *   npm run demo [-- --json]     (--json: the summary of every step as JSON on stdout at the end)
 */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import type { Hex } from "viem";
import { attachStack } from "./demo/attach-stack.js";
import { DemoError } from "./demo/demo-error.js";
import type { DemoStack } from "./demo/demo-stack.js";
import { request } from "./demo/http-client.js";
import { runDemo } from "./demo/run-demo.js";
import { spawnStack, type SpawnedStack } from "./demo/spawn-stack.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KEY = /^0x[0-9a-fA-F]{64}$/;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  for (const arg of args) if (arg !== "--json") throw new DemoError(`unknown argument "${arg}"`, { details: "usage: npm run demo [-- --json]" });
  const json = args.includes("--json");
  const say = (line: string) => (json ? console.error(line) : console.log(line));
  const keys = { artist: key("DEMO_ARTIST_KEY"), collector: key("DEMO_COLLECTOR_KEY"), registrant: key("DEMO_REGISTRANT_KEY") };
  const serverUrl = (process.env.SOUNDMARK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`).replace(/\/+$/, "");

  let spawned: SpawnedStack | undefined;
  let stack: DemoStack;
  if (await answers(serverUrl)) {
    say(`using the stack at ${serverUrl}`);
    stack = await attachStack({ serverUrl, dataDir: process.env.SOUNDMARK_DATA ?? ".soundmark", apiKey: process.env.SOUNDMARK_API_KEY });
  } else {
    say(`nothing answers at ${serverUrl}: starting a stack of the demo's own (npm start on a temp data folder) ...`);
    const started = Date.now();
    spawned = await spawnStack({ root: ROOT, log: process.env.DEMO_VERBOSE ? say : () => {} });
    stack = spawned.stack;
    say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: server ${stack.serverUrl}, data ${spawned.dataDir}`);
  }
  try {
    const started = Date.now();
    const summary = await runDemo({ stack, keys, log: say });
    say(`\nThe story holds: every step checked (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    if (json) console.log(JSON.stringify(summary, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2));
    return 0;
  } finally {
    if (spawned) {
      say("stopping the demo's stack ...");
      await spawned.stop();
    }
  }
}

function key(name: string): Hex | undefined {
  const value = process.env[name]?.trim();
  if (!value) return undefined;
  if (!KEY.test(value)) throw new DemoError(`${name} must be a private key: 0x and 64 hex digits`);
  return value as Hex;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await request(`${url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    return response.status === 200 || response.status === 503;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\ndemo failed: ${error instanceof DemoError ? error.message : error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
