import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../audio/src/index/segment-log.js";
import type { Job } from "./job.js";

const JOB_ID = /^[0-9a-f]{32}$/;

/**
 * Jobs as JSON files, `<dir>/<id>.json`, each written atomically (temporary file, fsync, rename), so a crash at any
 * moment leaves every job either in its previous state or its new one: never lost, never half-written.
 */
export class JobStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  save(job: Job): void {
    writeFileAtomic(this.#file(job.id), new TextEncoder().encode(JSON.stringify(job, null, 2) + "\n"));
  }

  /** Every stored job, oldest first; files that do not parse (a disk error, a hand edit) are reported and skipped. */
  loadAll(onUnreadable: (file: string, error: unknown) => void = () => {}): Job[] {
    const jobs: Job[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith(".json") || !JOB_ID.test(name.slice(0, -5))) continue;
      const file = path.join(this.dir, name);
      try {
        const job = JSON.parse(readFileSync(file, "utf8")) as Job;
        if (job.id !== name.slice(0, -5) || typeof job.status !== "string") throw new Error("not a job record");
        jobs.push(job);
      } catch (error) {
        onUnreadable(file, error);
      }
    }
    return jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  #file(id: string): string {
    if (!JOB_ID.test(id)) throw new Error(`invalid job id ${id}`);
    return path.join(this.dir, `${id}.json`);
  }
}

/** True for strings shaped like job ids (so a URL can be checked before it touches the disk). */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}
