/**
 * Builds the subgraph offline: writes subgraph/subgraph.yaml from a deployment (scripts/subgraph-manifest.ts), then
 * runs `graph codegen` and `graph build` in subgraph/. Exits 1 with the failing step's output on any error.
 *   npx tsx scripts/subgraph-build.ts --deployment deployments/<chainId>.json [--network <name>]
 *   npx tsx scripts/subgraph-build.ts --edr     # CI: deploys to a throwaway in-process EDR chain and builds against it
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { option, writeManifest } from "./subgraph-manifest.js";
import { SubgraphBuildError } from "./subgraph-errors.js";
import { deployToEdr } from "./subgraph-edr-deployment.js";

const require = createRequire(import.meta.url);

/** Runs one graph-cli command in `cwd` with this Node; resolves with its output, rejects with it on failure. */
export function runGraph(args: string[], cwd: string): Promise<string> {
  const bin = path.join(path.dirname(require.resolve("@graphprotocol/graph-cli/package.json")), "bin/run.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      // graph-cli (oclif) otherwise asks the npm registry for a newer version in the background: stay offline.
      env: { ...process.env, GRAPH_SKIP_NEW_VERSION_CHECK: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => reject(new SubgraphBuildError(`cannot run graph ${args[0]}`, { cause: error })));
    child.on("close", (code) => {
      // graph-cli prints compile errors and still exits 0 in some versions: treat its error markers as failure too.
      const failed = code !== 0 || /^\s*(ERROR|✖)/m.test(output);
      if (failed) {
        reject(new SubgraphBuildError(`graph ${args.join(" ")} failed (exit ${code})`, { details: output.trim() }));
      } else {
        resolve(output);
      }
    });
  });
}

export interface BuildSubgraphParameters {
  root: string;
  deploymentFile: string;
  network?: string;
  log?: (line: string) => void;
}

/** Manifest, codegen, build; returns the seconds each step took. */
export async function buildSubgraph(p: BuildSubgraphParameters): Promise<Record<string, number>> {
  const log = p.log ?? (() => {});
  const seconds: Record<string, number> = {};
  const timed = async (name: string, step: () => Promise<unknown>) => {
    const start = performance.now();
    await step();
    seconds[name] = (performance.now() - start) / 1000;
    log(`${name}: ${seconds[name]!.toFixed(1)} s`);
  };
  const dir = path.join(p.root, "subgraph");
  await timed("manifest", () => writeManifest({ root: p.root, deploymentFile: p.deploymentFile, network: p.network }));
  await timed("codegen", () => runGraph(["codegen", "subgraph.yaml", "--output-dir", "generated/"], dir));
  await timed("build", () => runGraph(["build", "subgraph.yaml", "--skip-migrations", "--output-dir", "build/"], dir));
  return seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const started = performance.now();
  let deploymentFile = option(argv, "--deployment");
  let close = async () => {};
  if (!deploymentFile && argv.includes("--edr")) {
    const edr = await deployToEdr();
    deploymentFile = edr.file;
    close = edr.close;
    console.log(`deployed to an in-process EDR chain for this build only (${deploymentFile})`);
  }
  if (!deploymentFile) {
    throw new SubgraphBuildError("no deployment given", {
      details: "pass --deployment deployments/<chainId>.json, or --edr to build against a throwaway EDR deployment",
    });
  }
  try {
    await buildSubgraph({ root: process.cwd(), deploymentFile, network: option(argv, "--network"), log: console.log });
  } finally {
    await close();
  }
  console.log(`subgraph built in ${((performance.now() - started) / 1000).toFixed(1)} s: subgraph/build/subgraph.yaml`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`subgraph build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
