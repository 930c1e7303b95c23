/**
 * `npm run build:web`: builds the page (server/web) with Vite into server/web/dist, which the server serves at `/`.
 * `npm start` calls `ensureWebBuild()`, which builds only when the dist is missing or older than the sources.
 */
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_ROOT = fileURLToPath(new URL("../server/web/", import.meta.url));
export const WEB_DIST = join(WEB_ROOT, "dist");

/**
 * Builds the page with Vite's JS API (no config file: everything is here). Vite is a devDependency, imported only
 * here, so that `npm start` without dev dependencies still runs (and `/` answers 503 until a dist is there).
 */
export async function buildWeb({ root = WEB_ROOT, outDir = join(root, "dist"), quiet = false }: { root?: string; outDir?: string; quiet?: boolean } = {}): Promise<void> {
  const { build } = await import("vite");
  await build({
    configFile: false,
    root,
    base: "/",
    logLevel: quiet ? "warn" : "info",
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      // Hashed names under assets/: the server lets browsers keep them a year (their name changes with their bytes).
      assetsDir: "assets",
      target: "es2022",
      sourcemap: true,
      reportCompressedSize: false,
    },
  });
}

/** Newest modification time (ms) of the files under `dir`, leaving out `skip` (the dist) and dot-folders. */
async function newestMtime(dir: string, skip: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (resolve(path) === resolve(skip) || entry.name.startsWith(".")) continue;
    const mtime = entry.isDirectory() ? await newestMtime(path, skip) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Whether the dist is missing, or a source file is newer than its index.html. */
export async function webBuildIsStale({ root = WEB_ROOT, outDir = join(root, "dist") }: { root?: string; outDir?: string } = {}): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(outDir, "index.html"))).mtimeMs;
  } catch {
    return true;
  }
  return (await newestMtime(root, outDir)) > built;
}

/** Builds the page when it is stale; says whether it did. */
export async function ensureWebBuild(options: { root?: string; outDir?: string; log?: (line: string) => void } = {}): Promise<boolean> {
  if (!(await webBuildIsStale(options))) return false;
  options.log?.("building the web page (server/web -> server/web/dist)");
  await buildWeb({ ...options, quiet: true });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
}
