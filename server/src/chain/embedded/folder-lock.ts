import { open, readFile, rm } from "node:fs/promises";
import { ChainFolderLockedError } from "./errors.js";

export interface FolderLock {
  release(): Promise<void>;
}

/**
 * One chain per folder: a lock file holding the owner's pid, created exclusively. A lock whose process is gone (a
 * crash) is taken over.
 */
export async function lockFolder(lockPath: string): Promise<FolderLock> {
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(lockPath, "wx");
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const pid = Number.parseInt(await readFile(lockPath, "utf8").catch(() => ""), 10);
    if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)) throw new ChainFolderLockedError(lockPath, pid);
    await rm(lockPath, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
