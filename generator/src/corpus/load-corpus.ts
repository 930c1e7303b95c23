import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { EmptyCorpusError } from "./corpus-error.js";
import type { CorpusPiece } from "./corpus-piece.js";
import { extractWadMusic } from "./extract-wad-music.js";

export interface LoadCorpusOptions {
  /** Most files read (the first ones by path). */
  maxFiles?: number;
  /** Files larger than this are skipped. */
  maxFileBytes?: number;
}

export interface LoadCorpusReturnType {
  /** MIDI pieces sorted by name (the path relative to the corpus root; `file.wad:D_NAME` for WAD music). */
  pieces: CorpusPiece[];
  /** Files or lumps left out, and why. */
  skipped: Array<{ name: string; reason: string }>;
}

const MIDI_EXTENSIONS = new Set([".mid", ".midi", ".kar", ".smf"]);

/**
 * Reads a corpus directory recursively: every .mid/.midi/.kar/.smf file, and the music lumps of every .wad (Doom
 * WADs, such as Freedoom's). The order is the sorted relative paths, so a corpus loads the same everywhere. Symbolic
 * links are not followed.
 *
 * @throws EmptyCorpusError when the directory holds no MIDI at all.
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<LoadCorpusReturnType> {
  const maxFiles = options.maxFiles ?? 100_000;
  const maxFileBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    throw new EmptyCorpusError(`cannot read ${dir} (${error.code ?? error.message})`, { cause: error });
  });
  if (!info.isDirectory()) throw new EmptyCorpusError(`${dir} is not a directory`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((name) => MIDI_EXTENSIONS.has(path.extname(name).toLowerCase()) || path.extname(name).toLowerCase() === ".wad")
    .sort()
    .slice(0, maxFiles);
  const pieces: CorpusPiece[] = [];
  const skipped: LoadCorpusReturnType["skipped"] = [];
  for (const name of files) {
    const full = path.join(dir, name);
    const size = (await stat(full)).size;
    if (size > maxFileBytes) {
      skipped.push({ name, reason: `${size} bytes exceeds the ${maxFileBytes}-byte limit` });
      continue;
    }
    const bytes = new Uint8Array(await readFile(full));
    if (path.extname(name).toLowerCase() !== ".wad") {
      pieces.push({ name, bytes });
      continue;
    }
    try {
      const music = extractWadMusic(bytes, name);
      pieces.push(...music.pieces);
      skipped.push(...music.skipped);
    } catch (error) {
      skipped.push({ name, reason: (error as Error).message });
    }
  }
  if (pieces.length === 0) {
    throw new EmptyCorpusError(`no MIDI in ${dir}`, { details: `Looked for ${[...MIDI_EXTENSIONS].join(", ")} files and .wad music lumps.${skipped.length ? ` Skipped: ${skipped.map((s) => s.name).join(", ")}` : ""}` });
  }
  return { pieces, skipped };
}
