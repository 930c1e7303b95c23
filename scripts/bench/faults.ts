/**
 * Fault bench (issue 8, Reliability): each fault on a fresh stack of separate processes (the persistent embedded
 * chain, then the server) with uploads in flight — kill -9 of the server mid-ingest, kill -9 of the chain node, IPFS
 * unwritable (a read-only bind mount over the Helia blockstore), a full disk (the data folder on a small tmpfs, filled),
 * a database restart (a Postgres 15 server of the bench's own, pg_ctl restart) — then, after recovery, checks that
 * every accepted upload (HTTP 202) is registered exactly once: the server says `registered` (GET /v1/tracks/:sha256)
 * and the chain holds one TrackRegistered event for its sha256. Nothing lost, nothing twice.
 *
 *   npx tsx scripts/bench/faults.ts [--quick] [--only server-kill,chain-kill,ipfs-unwritable,disk-full,database-restart]
 *
 * Needs root for the mounts (the IPFS and disk faults are skipped, saying so, otherwise) and Debian's postgresql-15
 * for the database fault. Prints a table fault -> outcome; writes bench/results/faults.json (faults-quick.json with
 * --quick). Exits 1 when a fault lost or duplicated an upload.
 */
import { execFile } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startBenchPostgres, type BenchPostgres } from "./faults-postgres.js";
import { startFaultUploader, type FaultUploader } from "./faults-uploader.js";
import { accountRegistrations, everyUploadRegisteredOnce, type RegistrationOutcome } from "./lib/reliability-accounting.js";
import { registrationsOnChain, request, trackStatus, waitForSettled } from "./lib/stack-client.js";
import { freePort, REPO_ROOT, startProcessStack, type ProcessStack } from "./lib/stack-process.js";
import { printTable } from "./lib/table.js";

const run = promisify(execFile);
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
const UPLOADS = quick ? 4 : 8;
const SONG_SECONDS = 20;
const UPLOAD_INTERVAL_S = 1;
/** How long a fault lasts before it is lifted (the server/chain stays down, IPFS/disk stays broken). */
const HOLD_S = quick ? 5 : 10;
const SETTLE_TIMEOUT_S = 300;
const log = (line: string) => console.log(line);

/** What a fault needs of its stack and how it breaks and mends it. */
interface Fault {
  name: string;
  what: string;
  /** The data folder on a tmpfs of this many MiB. */
  tmpfsMiB?: number;
  postgres?: boolean;
  /** The bench takes the server down itself: refused connections are expected, not a failure. */
  serverDown?: boolean;
  /** Why it can't run here, or null. */
  unavailable?: () => string | null;
  /** Breaks the stack; resolves when the fault is lifted (the restart issued, the mount gone). */
  inject(ctx: FaultContext): Promise<void>;
}

interface FaultContext {
  stack: ProcessStack;
  dataDir: string;
  postgres: BenchPostgres | null;
  uploader: FaultUploader;
  note(line: string): void;
  /** Marks the moment the fault is lifted (the restart issued, the mount gone): recovery is timed from here. */
  lifted(): void;
}

const isRoot = process.getuid?.() === 0;
const needsRoot = () => (isRoot ? null : "needs root (mount)");
const hold = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

const FAULTS: Fault[] = [
  {
    name: "server-kill",
    what: "kill -9 the server while a job is being processed, start it again",
    serverDown: true,
    async inject({ stack, note, lifted }) {
      await stack.server.kill9();
      note(`server killed (SIGKILL)`);
      await hold(2);
      lifted();
      await stack.startServer();
    },
  },
  {
    name: "chain-kill",
    what: "kill -9 the chain node (scripts/chain.ts) mid-ingest, start it again on its journal",
    async inject({ stack, note, lifted }) {
      await stack.chain.kill9();
      note("chain killed (SIGKILL)");
      await hold(HOLD_S);
      lifted();
      await stack.startChain();
    },
  },
  {
    name: "ipfs-unwritable",
    what: "the Helia blockstore (<data>/ipfs) remounted read-only under the server, then writable again",
    unavailable: needsRoot,
    async inject({ dataDir, note, lifted }) {
      const ipfs = join(dataDir, "ipfs");
      await run("mount", ["--bind", ipfs, ipfs]);
      try {
        await remountReadOnly(ipfs);
        note(`${ipfs} read-only`);
        await hold(HOLD_S);
      } finally {
        await run("umount", [ipfs]);
        lifted();
      }
    },
  },
  {
    name: "disk-full",
    what: "the data folder on a 768 MiB tmpfs, filled to the last byte, then freed",
    tmpfsMiB: 768,
    unavailable: needsRoot,
    async inject({ dataDir, note, lifted }) {
      const filler = join(dataDir, "filler.bin");
      const fd = openSync(filler, "w");
      const chunk = Buffer.alloc(1 << 20, 0x5a);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      }
      // The last partial MiB: fill byte by byte-sized chunks down to nothing.
      for (let size = 1 << 19; size >= 1; size >>= 1) {
        try {
          for (;;) written += writeSync(fd, chunk.subarray(0, size));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
        }
      }
      closeSync(fd);
      note(`disk full (${(written / 2 ** 20).toFixed(0)} MiB of filler)`);
      await hold(HOLD_S);
      rmSync(filler);
      lifted();
    },
  },
  {
    name: "database-restart",
    what: "DATABASE_URL on a Postgres 15 server; pg_ctl restart -m fast mid-ingest",
    postgres: true,
    unavailable: () => (existsSync("/usr/lib/postgresql/15/bin/pg_ctl") ? null : "no Postgres 15 binaries (postgresql-15)"),
    async inject({ postgres, note, lifted }) {
      lifted();
      await postgres!.restart();
      note("Postgres restarted");
    },
  },
];

/**
 * Makes a bind mount read-only. The kernel refuses (EBUSY) while a file is open for writing through the mount — the
 * server writes blocks through it from the moment of the bind — so it tries again for a few seconds.
 */
async function remountReadOnly(path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run("mount", ["-o", "remount,bind,ro", path]);
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await hold(0.05);
    }
  }
}

/** One fault's outcome row. */
interface FaultResult {
  fault: string;
  what: string;
  skipped?: string;
  outcome?: RegistrationOutcome;
  /** What was in flight when the fault hit: the stage of a job being processed, or "queued only". */
  inFlight?: string;
  /** Uploads refused while the fault lasted, by HTTP status ("no answer": connection refused/dropped). */
  refused?: Record<string, number>;
  refusalExamples?: string[];
  /**
   * Refusals that did not say what was wrong: HTTP statuses other than 503/507 (unavailable, insufficient storage) and
   * 429, and dropped connections while the server was meant to be up. Must be 0.
   */
  unclearRefusals?: number;
  /** Errors the accepted jobs showed while the fault lasted and after (stage: code or message -> times seen): evidence the fault hit them. */
  jobErrorsSeen?: Record<string, number>;
  /** Seconds from lifting the fault (restart issued, mount gone, Postgres restart begun) until GET /healthz answers 200 again. */
  recoverySeconds?: number;
  /** Seconds from lifting the fault until every accepted upload settled. */
  settleSeconds?: number;
  /** The server process died without being killed by the bench (it was started again to count what it kept). */
  serverDiedOnItsOwn?: boolean;
  notes?: string[];
  passed: boolean;
  error?: string;
}

async function runFault(fault: Fault): Promise<FaultResult> {
  const base = { fault: fault.name, what: fault.what };
  const reason = fault.unavailable?.() ?? null;
  if (reason) return { ...base, skipped: reason, passed: true };
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    log(`  [${fault.name}] ${line}`);
  };
  const dataDir = mkdtempSync(join(tmpdir(), `soundmark-bench-fault-${fault.name}-`));
  let mounted = false;
  let postgres: BenchPostgres | null = null;
  let stack: ProcessStack | null = null;
  let keep = false;
  try {
    if (fault.tmpfsMiB) {
      await run("mount", ["-t", "tmpfs", "-o", `size=${fault.tmpfsMiB}m`, "tmpfs", dataDir]);
      mounted = true;
    }
    if (fault.postgres) postgres = await startBenchPostgres();
    const serverEnv: Record<string, string> = { RATE_LIMIT_PER_MINUTE: "10000000", BATCH_THRESHOLD: "10000", ...(postgres ? { DATABASE_URL: postgres.databaseUrl } : {}) };
    // The processes' logs live outside the data folder (which may be a tmpfs that goes away): kept for inspection.
    const logDir = join(tmpdir(), `soundmark-bench-fault-logs-${fault.name}-${process.pid}`);
    stack = await startProcessStack({ dataDir, serverPort: await freePort(), chainPort: await freePort(), serverEnv, logDir });
    note(`stack up (${stack.url}, chain ${stack.rpcUrl}${postgres ? `, ${postgres.databaseUrl}` : ""}; logs in ${logDir})`);
    const uploader = startFaultUploader({ url: stack.url, apiKey: stack.apiKey, uploads: UPLOADS, intervalSeconds: UPLOAD_INTERVAL_S, songSeconds: SONG_SECONDS, firstSeed: 10_000 + FAULTS.indexOf(fault) * 1_000 });
    const inFlight = await waitForJobInFlight(stack, uploader);
    note(`fault while ${inFlight}`);
    const watcher = watchJobErrors(stack, uploader);
    let liftedAt = Number.NaN;
    await fault.inject({ stack, dataDir, postgres, uploader, note, lifted: () => void (liftedAt = performance.now()) });
    if (Number.isNaN(liftedAt)) liftedAt = performance.now();
    let serverDiedOnItsOwn = false;
    // Recovery: the stack answers /healthz again. A server that died of the fault is started again by the bench, so
    // the bench can still count what it kept; the row says so.
    for (;;) {
      if (!stack.server.alive()) {
        // Only ever a server the bench did not kill: server-kill's inject has started the new one already.
        serverDiedOnItsOwn = true;
        note(`the server process died (${(await stack.server.exited).signal ?? (await stack.server.exited).code}); last lines:\n${stack.server.tail(8)}`);
        await stack.startServer();
        continue;
      }
      const health = await request(`${stack.url}/healthz`, {}, 5_000);
      if (health.status === 200) break;
      if (performance.now() - liftedAt > 180_000) throw new Error(`not healthy 180 s after the fault was lifted: ${health.status} ${health.body.slice(0, 300)}`);
      await hold(0.5);
    }
    const recoverySeconds = (performance.now() - liftedAt) / 1000;
    note(`healthy again ${recoverySeconds.toFixed(1)} s after the fault was lifted`);
    const uploadsDeadline = hold(240).then(() => "timeout" as const);
    if ((await Promise.race([uploader.done.then(() => "done" as const), uploadsDeadline])) === "timeout") {
      uploader.stop();
      note(`only ${uploader.accepted.length}/${UPLOADS} uploads accepted within 240 s of recovery`);
    }
    const states = await waitForSettled(stack.url, uploader.accepted, SETTLE_TIMEOUT_S * 1000);
    const settleSeconds = (performance.now() - liftedAt) / 1000;
    const jobErrorsSeen = Object.fromEntries(await watcher.stop());
    if (Object.keys(jobErrorsSeen).length) note(`errors jobs went through (retried): ${JSON.stringify(jobErrorsSeen)}`);
    // The server may have died after recovery (a late effect of the fault): its last word counts.
    if (!stack.server.alive()) serverDiedOnItsOwn = true;
    const onChain = await registrationsOnChain(stack.rpcUrl, join(dataDir, "deployments"));
    const outcome = accountRegistrations(uploader.accepted, states, onChain.perHash);
    for (const p of outcome.problems) {
      const state = await trackStatus(stack.url, p.sha256);
      note(`${p.sha256.slice(0, 12)}…: server ${p.serverStatus}${state?.errorCode ? ` (${state.errorCode}: ${state.error})` : ""}, ${p.eventsOnChain} TrackRegistered event(s)`);
    }
    const refused = Object.fromEntries(uploader.refused);
    const unclearRefusals = unclearRefusalCount(uploader.refused, fault.serverDown === true);
    const passed = everyUploadRegisteredOnce(outcome) && outcome.accepted === UPLOADS && !serverDiedOnItsOwn && unclearRefusals === 0;
    keep = !passed;
    return { ...base, outcome, inFlight, refused, refusalExamples: uploader.refusalExamples, unclearRefusals, jobErrorsSeen, recoverySeconds, settleSeconds, serverDiedOnItsOwn, notes, passed };
  } catch (error) {
    keep = true;
    const message = error instanceof Error ? error.message : String(error);
    note(`bench error: ${message}`);
    return { ...base, notes, passed: false, error: message };
  } finally {
    await stack?.stop().catch(() => {});
    await postgres?.stop().catch(() => {});
    if (mounted) await run("umount", ["-l", dataDir]).catch((e: unknown) => note(`umount ${dataDir}: ${String(e)}`));
    if (keep && !mounted) note(`data folder kept: ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Polls the accepted jobs (GET /v1/tracks/:sha256) twice a second and counts the errors they show on their way
 * (a transient failure is recorded on the job while it waits for its retry): what the fault did to the ingest.
 */
function watchJobErrors(stack: ProcessStack, uploader: FaultUploader): { stop(): Promise<Map<string, number>> } {
  const seen = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const sha of uploader.accepted) {
        const state = await trackStatus(stack.url, sha);
        if (state?.error) {
          const key = `${state.status}@${state.stage ?? "?"}: ${state.errorCode ?? state.error.slice(0, 80)}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      }
      await hold(0.5);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

/** Refusals that are not a clear "not now": see FaultResult.unclearRefusals. */
function unclearRefusalCount(refused: ReadonlyMap<string, number>, serverDown: boolean): number {
  let n = 0;
  for (const [kind, count] of refused) {
    if (kind === "503" || kind === "507" || kind === "429") continue;
    if (kind === "no answer" && serverDown) continue;
    n += count;
  }
  return n;
}

/** Waits (up to 90 s) until an accepted upload is being processed, so the fault hits an ingest in flight. */
async function waitForJobInFlight(stack: ProcessStack, uploader: FaultUploader): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    for (const sha of uploader.accepted.slice(-3)) {
      const state = await trackStatus(stack.url, sha);
      if (state?.status === "processing") return `a job was at the ${state.stage ?? "?"} stage (${uploader.accepted.length} accepted)`;
    }
    await hold(0.1);
  }
  return `no job seen processing within 90 s (${uploader.accepted.length} accepted)`;
}

const results: FaultResult[] = [];
for (const fault of FAULTS) {
  if (only && !only.has(fault.name)) continue;
  log(`\n== ${fault.name}: ${fault.what}`);
  results.push(await runFault(fault));
}

const f1 = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(1));
log("");
printTable(
  ["fault", "accepted", "registered once", "duplicates", "lost", "failed", "refused (client retried)", "recovery s", "settled s", "outcome"],
  results.map((r) => [
    r.fault,
    r.outcome?.accepted ?? "-",
    r.outcome?.registered ?? "-",
    r.outcome?.duplicates ?? "-",
    r.outcome ? r.outcome.lost + r.outcome.pending : "-",
    r.outcome?.failed ?? "-",
    r.refused ? Object.entries(r.refused).map(([k, n]) => `${n}x ${k}`).join(", ") || "0" : "-",
    f1(r.recoverySeconds),
    f1(r.settleSeconds),
    r.skipped ? `skipped: ${r.skipped}` : r.error ? `ERROR: ${r.error.split("\n")[0]}` : r.passed ? "ok" : failureOf(r),
  ]),
  log,
);
function failureOf(r: FaultResult): string {
  const why: string[] = [];
  if (r.serverDiedOnItsOwn) why.push("server died");
  if (r.unclearRefusals) why.push(`${r.unclearRefusals} unclear refusal(s)`);
  if (r.outcome && !everyUploadRegisteredOnce(r.outcome)) why.push("not all registered once");
  if (r.outcome && r.outcome.accepted < UPLOADS) why.push(`${r.outcome.accepted}/${UPLOADS} accepted`);
  return `FAILED (${why.join(", ")})`;
}

mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
// A partial run (--only) is for chasing one finding: it leaves the result files as they are.
const out = only ? null : join(REPO_ROOT, "bench/results", quick ? "faults-quick.json" : "faults.json");
const passed = results.every((r) => r.passed);
if (out) writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), quick, machine: { cpus: cpus().length, node: process.version }, settings: { uploadsPerFault: UPLOADS, songSeconds: SONG_SECONDS, faultHoldSeconds: HOLD_S, uploadIntervalSeconds: UPLOAD_INTERVAL_S }, passed, faults: results }, null, 2)}\n`,
);
log(`\n${passed ? "PASSED" : "FAILED"}${out ? `; wrote ${out}` : " (--only: no result file written)"}`);
if (!passed) process.exitCode = 1;
