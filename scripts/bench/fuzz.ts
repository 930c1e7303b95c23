/**
 * Fuzz bench (issue 8, Reliability): bad input at every entry point of a running stack (the persistent embedded chain
 * and the server as separate processes, started here on a fresh data folder), all drawn from --seed so a run can be
 * repeated exactly:
 *   - uploads: corrupt/truncated/bit-flipped WAV, FLAC, MP3, Ogg Vorbis and Opus, hostile headers (sizes of gigabytes,
 *     zip-bomb-like archives), non-audio, wrong MIME types — to POST /v1/check (decoded in the request) and
 *     POST /v1/tracks (decoded by the pipeline: the job must end `failed` with an error code, or `registered`);
 *   - the HTTP framing of the upload doors and the REST API (raw sockets: lying Content-Length, broken multipart,
 *     oversized bodies, clients hanging up, bad keys and claims);
 *   - GraphQL: random operations built from the schema with wrong/hostile arguments, garbled queries, costly shapes;
 *   - the chain's JSON-RPC port: malformed JSON-RPC, unknown and unjournalable methods, huge and nested bodies;
 *   - the CLI: every `soundmark` command with garbage arguments and files.
 * Outcome per entry point: requests, clear errors (4xx with a code, JSON-RPC error, non-zero exit with a message),
 * acceptances, crashes (5xx other than 503/504, dropped connections, stack traces, a process dying, a hang): crashes
 * must be 0. Writes bench/results/fuzz.json (fuzz-quick.json with --quick); exits 1 on any crash.
 *
 *   npx tsx scripts/bench/fuzz.ts [--quick] [--seed 1] [--only uploads,protocol,graphql,jsonrpc,cli]
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { baseAudioFiles, hostileFiles, mutatedAudioFiles, type FuzzFile } from "./fuzz-audio-inputs.js";
import { cliCases } from "./fuzz-cli-cases.js";
import { garbleQuery, hostileGraphqlBodies, INTROSPECTION_QUERY, parseIntrospection, randomOperation } from "./fuzz-graphql-queries.js";
import { protocolCases } from "./fuzz-http-cases.js";
import { jsonRpcCases } from "./fuzz-jsonrpc-cases.js";
import { hasStackTrace, judgeCli, judgeHttp, judgeJsonRpc, type Judged } from "./fuzz-verdict.js";
import { postFile, request, trackStatus, waitForSettled } from "./lib/stack-client.js";
import { freePort, REPO_ROOT, startProcessStack, type ProcessStack } from "./lib/stack-process.js";
import { printTable } from "./lib/table.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const seedAt = args.indexOf("--seed");
const SEED = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
if (!Number.isSafeInteger(SEED)) throw new Error("--seed takes a whole number");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
const SIZES = quick
  ? { mutatedCheck: 30, ingest: 10, graphqlRandom: 60, jsonRpcRandom: 20, cliRandomPerCommand: 1 }
  : { mutatedCheck: 200, ingest: 40, graphqlRandom: 400, jsonRpcRandom: 150, cliRandomPerCommand: 4 };
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
const CLI_TIMEOUT_MS = 90_000;
const log = (line: string) => console.log(line);

/** The tally of one entry point. */
interface EntryPoint {
  name: string;
  requests: number;
  clearErrors: number;
  accepted: number;
  crashes: { input: string; reason: string }[];
  /** Clear-error reasons by frequency (what the callers were told). */
  reasons: Map<string, number>;
}
const entryPoints = new Map<string, EntryPoint>();
function tally(entry: string, input: string, judged: Judged): void {
  let e = entryPoints.get(entry);
  if (!e) entryPoints.set(entry, (e = { name: entry, requests: 0, clearErrors: 0, accepted: 0, crashes: [], reasons: new Map() }));
  e.requests++;
  if (judged.verdict === "crash") {
    e.crashes.push({ input, reason: judged.reason });
    log(`  CRASH [${entry}] ${input.slice(0, 120)}: ${judged.reason.slice(0, 300)}`);
  } else if (judged.verdict === "accepted") e.accepted++;
  else e.clearErrors++;
  const key = judged.reason.replace(/\d+\/\d+/, "n/m").slice(0, 60);
  if (judged.verdict === "clear-error") e.reasons.set(key, (e.reasons.get(key) ?? 0) + 1);
}

/** After each section: a stack process that died is a crash of that entry point; it is started again to go on. */
async function checkProcesses(stack: ProcessStack, entry: string): Promise<void> {
  if (!stack.chain.alive()) {
    tally(entry, "(after the section)", { verdict: "crash", reason: `the chain process died: ${stack.chain.tail(5)}` });
    await stack.startChain();
  }
  if (!stack.server.alive()) {
    tally(entry, "(after the section)", { verdict: "crash", reason: `the server process died: ${stack.server.tail(5)}` });
    await stack.startServer();
  }
}

/**
 * After an input got no answer: when the chain no longer answers eth_chainId either, the input hung it (a crash of
 * that entry point, already counted); it is killed and started again on its journal so the bench can go on.
 */
async function reviveChainIfStuck(stack: ProcessStack, input: string): Promise<void> {
  const probe = await request(stack.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' }, 5_000);
  if (probe.status === 200) return;
  log(`  the chain stopped answering after "${input}": killing it and starting it again`);
  tally("chain JSON-RPC", `(chain unresponsive after: ${input})`, { verdict: "crash", reason: "the chain process stopped answering" });
  await stack.chain.kill9();
  await stack.startChain();
}

/** The same for the server: unresponsive to /healthz after an input that got no answer. */
async function reviveServerIfStuck(stack: ProcessStack, entry: string, input: string): Promise<void> {
  const probe = await request(`${stack.url}/healthz`, {}, 5_000);
  if (probe.status === 200 && stack.server.alive()) return;
  log(`  the server stopped answering after "${input}": starting it again`);
  tally(entry, `(server unresponsive after: ${input})`, { verdict: "crash", reason: stack.server.alive() ? "the server stopped answering" : "the server process died" });
  await stack.server.kill9();
  await stack.startServer();
}

const rng = (section: string) => new SeededRandom(SEED * 7_919 + [...section].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0));
const workDir = mkdtempSync(join(tmpdir(), "soundmark-bench-fuzz-"));
const dataDir = join(workDir, "data");
const [serverPort, chainPort] = [await freePort(), await freePort()];
log(`fuzz seed ${SEED}${quick ? " (quick)" : ""}: starting the stack (data ${dataDir}) ...`);
const stack = await startProcessStack({
  dataDir,
  serverPort,
  chainPort,
  serverEnv: { RATE_LIMIT_PER_MINUTE: "10000000", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "10000000", BATCH_THRESHOLD: "10000", MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
});
const startedAt = performance.now();
const run = (section: string) => !only || only.has(section);
let failedToRun: string | null = null;
try {
  const bases = baseAudioFiles();
  const corpus: FuzzFile[] = [...hostileFiles(rng("hostile")), ...mutatedAudioFiles(rng("mutations"), bases, SIZES.mutatedCheck)];

  if (run("uploads")) {
    log(`uploads: ${corpus.length} bad files to POST /v1/check ...`);
    for (const file of corpus) {
      const outcome = await postFile(`${stack.url}/v1/check`, stack.apiKey, file.bytes, file.filename, file.contentType);
      tally("POST /v1/check (files)", file.name, judgeHttp(outcome.status, outcome.body, outcome.transportError));
    }
    await checkProcesses(stack, "POST /v1/check (files)");
    // Ingest: the hostile files and a share of the mutations; a 202 is followed to the job's end.
    const ingestFiles = [...hostileFiles(rng("hostile")), ...mutatedAudioFiles(rng("ingest"), bases, SIZES.ingest)];
    log(`uploads: ${ingestFiles.length} bad files to POST /v1/tracks ...`);
    const followed: { sha256: string; name: string }[] = [];
    for (const file of ingestFiles) {
      const outcome = await postFile(`${stack.url}/v1/tracks`, stack.apiKey, file.bytes, file.filename, file.contentType);
      if (outcome.status === 202) followed.push({ sha256: (JSON.parse(outcome.body) as { sha256: string }).sha256, name: file.name });
      else tally("POST /v1/tracks (files)", file.name, judgeHttp(outcome.status, outcome.body, outcome.transportError));
    }
    log(`  ${followed.length} accepted for ingest: waiting for their jobs to end ...`);
    const states = await waitForSettled(stack.url, followed.map((f) => f.sha256), 600_000);
    for (const f of followed) {
      const status = states.get(f.sha256);
      const state = await trackStatus(stack.url, f.sha256);
      const input = `${f.name} (202, then the job)`;
      if (status === "registered") tally("POST /v1/tracks (files)", input, { verdict: "accepted", reason: "registered" });
      // A clear failure carries a domain error code (a BaseError's, SCREAMING_SNAKE); a bare Error/TypeError name
      // means an exception no stage expected escaped it.
      else if (status === "failed" && state?.errorCode && /^[A-Z][A-Z0-9_]+$/.test(state.errorCode) && !hasStackTrace(state.error ?? "")) tally("POST /v1/tracks (files)", input, { verdict: "clear-error", reason: `job failed ${state.errorCode}` });
      else tally("POST /v1/tracks (files)", input, { verdict: "crash", reason: `job ${status}${state ? `: ${state.errorCode ?? "no error code"} ${state.error ?? ""}` : ""}` });
    }
    await checkProcesses(stack, "POST /v1/tracks (files)");
  }

  if (run("protocol")) {
    const wav = encodeWav(syntheticMusic({ seed: 5, durationSeconds: 8, sampleRate: 11_025 }), "s16");
    const cases = protocolCases(stack.url, stack.apiKey, wav, MAX_UPLOAD_BYTES);
    log(`protocol: ${cases.length} malformed HTTP requests ...`);
    for (const c of cases) {
      const outcome = await c.send();
      if (outcome.status === null && c.noAnswerOk) {
        const health = await request(`${stack.url}/healthz`, {}, 10_000);
        tally("REST framing", c.name, health.status === 200 ? { verdict: "clear-error", reason: "connection closed; server still healthy" } : { verdict: "crash", reason: `no answer, then /healthz ${health.status}` });
      } else if (c.framing && outcome.status === 400 && outcome.body.trim() === "") {
        tally("REST framing", c.name, { verdict: "clear-error", reason: "400 from the HTTP parser" });
      } else tally("REST framing", c.name, judgeHttp(outcome.status, outcome.body, outcome.transportError));
      if (outcome.status === null) await reviveServerIfStuck(stack, "REST framing", c.name);
    }
    await checkProcesses(stack, "REST framing");
  }

  if (run("graphql")) {
    const r = rng("graphql");
    const introspection = await request(`${stack.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: INTROSPECTION_QUERY }) });
    const schema = parseIntrospection((JSON.parse(introspection.body) as { data: Parameters<typeof parseIntrospection>[0] }).data);
    const bodies: { name: string; body: string; contentType?: string; withKey: boolean }[] = [];
    for (let i = 0; i < SIZES.graphqlRandom; i++) {
      const query = randomOperation(schema, r);
      bodies.push({ name: query.slice(0, 200), body: JSON.stringify({ query }), withKey: r.next() < 0.5 });
      if (i % 3 === 0) {
        const garbled = garbleQuery(query, r);
        bodies.push({ name: `garbled: ${garbled.slice(0, 200)}`, body: JSON.stringify({ query: garbled }), withKey: false });
      }
    }
    for (const h of hostileGraphqlBodies()) bodies.push({ ...h, withKey: true });
    log(`graphql: ${bodies.length} bodies ...`);
    for (const b of bodies) {
      const headers: Record<string, string> = { "content-type": b.contentType ?? "application/json", ...(b.withKey ? { authorization: `Bearer ${stack.apiKey}` } : {}) };
      const outcome = await request(`${stack.url}/graphql`, { method: "POST", headers, body: b.body }, 60_000);
      tally("GraphQL", b.name, judgeHttp(outcome.status, outcome.body, outcome.transportError));
      if (outcome.status === null) await reviveServerIfStuck(stack, "GraphQL", b.name);
    }
    // A mutation over GET must be refused (CSRF), not run.
    const get = await request(`${stack.url}/graphql?query=${encodeURIComponent("mutation { siweNonce { nonce } }")}`, { headers: { accept: "application/json" } });
    tally("GraphQL", "mutation over GET", get.status === 200 && !get.body.includes('"errors"') ? { verdict: "crash", reason: "a mutation ran over GET" } : judgeHttp(get.status, get.body, get.transportError));
    await checkProcesses(stack, "GraphQL");
  }

  if (run("jsonrpc")) {
    const cases = jsonRpcCases(rng("jsonrpc"), SIZES.jsonRpcRandom);
    log(`jsonrpc: ${cases.length} bodies to the chain (${stack.rpcUrl}) ...`);
    for (const c of cases) {
      const outcome = await request(stack.rpcUrl, { method: "POST", headers: { "content-type": c.contentType ?? "application/json" }, body: c.body }, 30_000);
      tally("chain JSON-RPC", c.name, judgeJsonRpc(outcome.status, outcome.body, outcome.transportError));
      if (outcome.status === null) await reviveChainIfStuck(stack, c.name);
    }
    await checkProcesses(stack, "chain JSON-RPC");
  }

  if (run("cli")) {
    const cliDir = join(workDir, "cli");
    mkdirSync(cliDir, { recursive: true });
    const corruptAudio = mutatedAudioFiles(rng("cli-files"), bases, 6).map((f, i) => {
      const path = join(cliDir, `corrupt-${i}.${f.filename.split(".").pop()}`);
      writeFileSync(path, f.bytes);
      return path;
    });
    writeFileSync(join(cliDir, "empty.wav"), "");
    writeFileSync(join(cliDir, "garbage.json"), '{"keyId": 12, "secret": ["not", "hex"], "contracts": null}');
    writeFileSync(join(cliDir, "text.txt"), "just words\n");
    const cases = cliCases(rng("cli"), {
      dir: cliDir,
      missing: join(cliDir, "does-not-exist"),
      emptyFile: join(cliDir, "empty.wav"),
      corruptAudio,
      garbageJson: join(cliDir, "garbage.json"),
      textFile: join(cliDir, "text.txt"),
      rpcUrl: stack.rpcUrl,
      deadUrl: `http://127.0.0.1:${await freePort()}`,
    }, SIZES.cliRandomPerCommand);
    log(`cli: ${cases.length} command lines (one through npx soundmark, the rest through its bin script) ...`);
    for (const [i, c] of cases.entries()) {
      const judged = await runCli(c.argv, i === 0);
      tally("CLI", `soundmark ${c.argv.map((a) => (a.length > 40 ? `${a.slice(0, 37)}...` : a)).join(" ")} (${c.name})`, judged);
    }
  }
} catch (error) {
  failedToRun = error instanceof Error ? (error.stack ?? error.message) : String(error);
  log(`the bench itself failed: ${failedToRun}`);
} finally {
  await stack.stop();
}

/** Runs the CLI with `argv` (through `npx soundmark` or the bin script it runs) and judges how it ended. */
function runCli(argv: string[], throughNpx: boolean): Promise<Judged> {
  return new Promise((resolve) => {
    const child = throughNpx
      ? spawn("npx", ["--no-install", "soundmark", ...argv], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] })
      : spawn(process.execPath, [join(REPO_ROOT, "scripts/soundmark.mjs"), ...argv], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr!.on("data", (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString("utf8");
    });
    child.stdout!.on("data", (d: Buffer) => {
      if (stdout.length < 20_000) stdout += d.toString("utf8");
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, CLI_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      // npm's own warnings (unrelated user config) are not the command's output.
      const own = stderr.split("\n").filter((l) => !l.startsWith("npm warn")).join("\n");
      resolve(judgeCli(code, timedOut ? null : signal, own, timedOut, stdout));
    });
  });
}

const seconds = (performance.now() - startedAt) / 1000;
const rows = [...entryPoints.values()];
printTable(
  ["entry point", "requests", "clear errors", "accepted", "crashes"],
  rows.map((e) => [e.name, e.requests, e.clearErrors, e.accepted, e.crashes.length]),
  log,
);
const crashes = rows.reduce((n, e) => n + e.crashes.length, 0);
mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
// A partial run (--only) is for chasing one finding: it leaves the result files as they are.
const out = only ? null : join(REPO_ROOT, "bench/results", quick ? "fuzz-quick.json" : "fuzz.json");
if (out) writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      quick,
      seed: SEED,
      machine: { cpus: cpus().length, node: process.version },
      seconds,
      sizes: SIZES,
      passed: crashes === 0 && failedToRun === null,
      benchError: failedToRun,
      entryPoints: rows.map((e) => ({
        name: e.name,
        requests: e.requests,
        clearErrors: e.clearErrors,
        accepted: e.accepted,
        crashes: e.crashes.length,
        crashCases: e.crashes,
        topClearErrors: Object.fromEntries([...e.reasons].sort((a, b) => b[1] - a[1]).slice(0, 12)),
      })),
    },
    null,
    2,
  )}\n`,
);
log(`\n${crashes === 0 && !failedToRun ? "PASSED" : "FAILED"}: ${crashes} crash(es) in ${seconds.toFixed(0)} s${out ? `; wrote ${out}` : " (--only: no result file written)"}`);
if (crashes > 0 || failedToRun) process.exitCode = 1;
rmSync(workDir, { recursive: true, force: true });
