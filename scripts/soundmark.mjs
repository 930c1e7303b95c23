#!/usr/bin/env node
// The `soundmark` command (package.json "bin"). Runs the TypeScript CLI through tsx on the project's pinned Node 24;
// started by an older system Node, it re-executes itself under the pinned one so behaviour never depends on the caller.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  const pinned = join(root, "node_modules", ".bin", "node");
  if (!existsSync(pinned)) {
    console.error(`soundmark needs Node >= 22 (found ${process.version}); run \`npm ci\` to install the pinned Node 24`);
    process.exit(1);
  }
  const { status } = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(status ?? 1);
}
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../generator/src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
