import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { sha256File } from "../../../generator/audio/src/hash/index.js";
import { UploadMissingError, UploadTooLargeError } from "./errors.js";

export interface TakenUpload {
  sha256: string;
  sizeBytes: number;
  path: string;
}

/**
 * Hashes the temp file and moves it to `<uploadsDir>/<sha256>` (content-addressed: the same file twice is one file).
 * The caller's temp file is gone afterwards unless it could not be read: moved, or deleted when refused or a duplicate.
 */
export async function takeUpload(
  filePath: string,
  uploadsDir: string,
  maxBytes: number,
  /** Runs once the hash is known, before the move: a throw refuses the upload (the temp file is deleted). */
  accept: (sha256: string) => void = () => {},
): Promise<TakenUpload> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new UploadMissingError(`the upload ${filePath} is not a file`);
    size = info.size;
  } catch (cause) {
    if (cause instanceof UploadMissingError) throw cause;
    throw new UploadMissingError(`the upload ${filePath} cannot be read`, { cause, details: (cause as NodeJS.ErrnoException).code });
  }
  if (size > maxBytes) {
    await rm(filePath, { force: true });
    throw new UploadTooLargeError(size, maxBytes);
  }
  const sha256 = await sha256File(filePath);
  try {
    accept(sha256);
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  await mkdir(uploadsDir, { recursive: true });
  const path = join(uploadsDir, sha256);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === size) {
    await rm(filePath, { force: true });
  } else {
    await moveFile(filePath, path);
  }
  return { sha256, sizeBytes: size, path };
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    // another file system (a tmpfs upload dir): copy to a temp name, then rename into place atomically
    const temp = `${to}.partial`;
    await copyFile(from, temp);
    await rename(temp, to);
    await rm(from, { force: true });
  }
}
