/**
 * `npm test`: every test runner of the project, one after the other, then one closing line
 * `N passed, N failed` that totals them all (CI reads it).
 *   1. hardhat build           compiles contracts and Solidity tests once, offline (npm `solc`)
 *      tsc --noEmit            type-checks all TypeScript (strict, and the subgraph's own project); a type error fails
 *      subgraph build         subgraph.yaml from a throw-away EDR deployment, then `graph codegen` + `graph build` (offline)
 *   2. hardhat test solidity   Solidity unit, fuzz and invariant tests (test/contracts/*.t.sol)
 *   3. hardhat test nodejs     contract behaviour suites on the EDR network through viem (test/contracts/*.test.ts)
 *   4. vitest run              TypeScript unit tests beside the code, and the end-to-end suites of test/e2e
 *   5. vitest (test/web)       the web page in headless Debian Chromium (playwright-core) against the real stack;
 *                              Chromium is installed with apt-get when missing (root), else the run fails clearly
 * Exits 1 when any test fails or a runner fails to run.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

interface RunnerResult {
  name: string;
  passed: number;
  failed: number;
  exitCode: number;
}

/** Runs a command, echoing its output, and returns the exit code and what it printed. */
function run(command: string, args: string[]): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    let output = "";
    const echo = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", echo(process.stdout));
    child.stderr.on("data", echo(process.stderr));
    child.on("close", (code) => resolve({ exitCode: code ?? 1, output }));
    child.on("error", (error) => resolve({ exitCode: 1, output: String(error) }));
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** Counts from Hardhat's mocha-style summary: "  12 passing (3s)", "  1 failing". */
export function parseHardhatSummary(output: string): { passed: number; failed: number } {
  const text = stripAnsi(output);
  const count = (word: string) => {
    const matches = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))];
    return matches.length ? Number(matches[matches.length - 1]![1]) : 0;
  };
  return { passed: count("passing"), failed: count("failing") };
}

async function hardhatTests(kind: "solidity" | "nodejs"): Promise<RunnerResult> {
  const { exitCode, output } = await run("npx", ["hardhat", "test", kind, "--no-compile"]);
  return { name: `hardhat test ${kind}`, exitCode, ...parseHardhatSummary(output) };
}

async function vitestTests(name = "vitest", extraArgs: string[] = []): Promise<RunnerResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "soundmark-vitest-"));
  const report = path.join(dir, "report.json");
  try {
    const { exitCode } = await run("npx", [
      "vitest",
      "run",
      ...extraArgs,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ]);
    const json = JSON.parse(await readFile(report, "utf8").catch(() => "{}")) as {
      numPassedTests?: number;
      numFailedTests?: number;
    };
    return { name, exitCode, passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const build = await run("npx", ["hardhat", "build", "--quiet"]);
  if (build.exitCode !== 0) {
    console.log("hardhat build failed");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  for (const [args, what] of [
    [["tsc", "--noEmit"], "tsc --noEmit found type errors"],
    [["tsc", "--noEmit", "-p", "subgraph"], "tsc -p subgraph found type errors"],
    [["tsx", "scripts/subgraph-build.ts", "--edr"], "the subgraph does not build (graph codegen / graph build)"],
  ] as const) {
    const step = await run("npx", [...args]);
    if (step.exitCode !== 0) {
      console.log(what);
      console.log("0 passed, 1 failed");
      process.exit(1);
    }
  }
  const results = [
    await hardhatTests("solidity"),
    await hardhatTests("nodejs"),
    await vitestTests(),
    await vitestTests("vitest (web, Chromium)", ["--config", "test/web/vitest.config.ts"]),
  ];

  console.log("\nrunner                   passed  failed  exit");
  for (const r of results) {
    console.log(`${r.name.padEnd(24)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${r.exitCode}`);
  }
  // A runner that exits non-zero without reporting a failing test (a crash, a compile error) counts as one failure.
  const failed = results.reduce((n, r) => n + (r.failed > 0 ? r.failed : r.exitCode !== 0 ? 1 : 0), 0);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
