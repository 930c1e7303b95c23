import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's Chromium: playwright-core drives it; nothing is downloaded into node_modules. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * The path of Debian's Chromium, installing the `chromium` package first when it is missing and this runs as root
 * (CI containers); otherwise a clear failure that says what to install.
 */
export function ensureChromium(log: (line: string) => void = () => {}): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM_PATH} is missing and this is not root: install it with \`sudo apt-get install -y chromium\`, then run the test again`);
  }
  log("installing Debian's chromium (apt-get install -y chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const result = spawnSync("apt-get", args, { env, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${result.status ?? result.signal}): install chromium by hand`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}
