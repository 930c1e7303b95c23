import { execFileSync, spawnSync } from "node:child_process";

/** Whether a Debian package is installed. */
export function isInstalled(pkg: string): boolean {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/**
 * Installs the Debian packages a benchmark needs when they are missing (apt-get update once, then install).
 * Benchmarks only: tests never depend on apt. Needs root, as on the project's machines.
 */
export function ensureDebianPackages(packages: string[], log: (line: string) => void = console.log): void {
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...missing], { stdio: "inherit", env });
}
