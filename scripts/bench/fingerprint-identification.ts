import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";

export interface IdentificationBenchParameters {
  quick: boolean;
  log: (line: string) => void;
}

/**
 * Runs the landmark identification benchmark (scripts/bench/landmarks.ts: top-1 per attack on >= 200 excerpts, no-match
 * on unindexed audio, latency at 10,000 tracks) as a child process, streaming its tables, and returns its JSON result.
 */
export async function runIdentificationBench({ quick, log }: IdentificationBenchParameters): Promise<unknown> {
  log("\nIdentification (landmarks index): scripts/bench/landmarks.ts");
  const args = ["--import", "tsx", "scripts/bench/landmarks.ts", ...(quick ? ["--quick"] : [])];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`the identification benchmark exited with code ${code}`);
  if (quick) return { skipped: "quick run: see the printed table" };
  return JSON.parse(await readFile("bench/results/landmarks.json", "utf8"));
}
