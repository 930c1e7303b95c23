/**
 * Runs benchmark tasks in child processes, one per core, each single-threaded JavaScript, so that times measured in
 * a child are one-core times. Children are pinned to a core with `taskset` when it exists and there are no more
 * children than cores. Parent and child talk over Node's IPC channel: the parent sends one task at a time, the child
 * answers with progress ticks and one result.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import os from "node:os";

type ToChild<T> = { type: "task"; index: number; task: T } | { type: "exit" };
type FromChild<R> =
  | { type: "progress"; units: number }
  | { type: "result"; index: number; result: R }
  | { type: "error"; index: number; message: string };

export interface PoolOptions<T, R> {
  /** The child's script (run with `node --import tsx`); it calls serveTasks. */
  script: string;
  tasks: readonly T[];
  workers: number;
  /** Called for each progress tick a child sends (units of work done, e.g. detector calls). */
  onProgress?: (units: number) => void;
  onResult?: (result: R, index: number) => void;
}

function hasTaskset(): boolean {
  return spawnSync("taskset", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Runs every task; resolves to the results in task order, or rejects on the first failure (children are stopped). */
export function runInChildProcesses<T, R>({ script, tasks, workers, onProgress, onResult }: PoolOptions<T, R>): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  const cores = os.availableParallelism();
  const pin = workers <= cores && hasTaskset();
  const children: ChildProcess[] = [];
  /** Children told to exit (no task left for them): their exit is expected. */
  const retired = new Set<ChildProcess>();
  let next = 0;
  let done = 0;
  let failed = false;
  return new Promise<R[]>((resolve, reject) => {
    if (tasks.length === 0) return resolve(results);
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const child of children) child.kill();
      reject(error);
    };
    const feed = (child: ChildProcess) => {
      if (next < tasks.length) {
        const index = next++;
        child.send({ type: "task", index, task: tasks[index]! } satisfies ToChild<T>);
      } else {
        retired.add(child);
        child.send({ type: "exit" } satisfies ToChild<T>);
      }
    };
    const count = Math.min(workers, tasks.length);
    for (let w = 0; w < count; w++) {
      const node = [process.execPath, "--import", "tsx", script];
      const [command, ...args] = pin ? ["taskset", "-c", String(w % cores), ...node] : node;
      const child = spawn(command!, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      children.push(child);
      child.on("message", (message: FromChild<R>) => {
        if (message.type === "progress") onProgress?.(message.units);
        else if (message.type === "error") fail(new Error(`task ${message.index} failed in worker ${w}: ${message.message}`));
        else {
          results[message.index] = message.result;
          onResult?.(message.result, message.index);
          if (++done === tasks.length) resolve(results);
          feed(child);
        }
      });
      child.on("error", (error) => fail(error));
      child.on("exit", (code, signal) => {
        if (!retired.has(child)) fail(new Error(`worker ${w} exited (${signal ?? code}) with tasks left`));
      });
      feed(child);
    }
  });
}

/**
 * The child side: handles each task the parent sends with `handle` (one at a time) and reports its result; exits
 * when told to. `progress(units)` sends a progress tick.
 */
export function serveTasks<T, R>(handle: (task: T, progress: (units: number) => void) => Promise<R>): void {
  const send = (message: FromChild<R>) => process.send?.(message);
  if (!process.send) throw new Error("serveTasks: not started with an IPC channel (run through runInChildProcesses)");
  process.on("message", (message: ToChild<T>) => {
    if (message.type === "exit") {
      process.disconnect();
      return;
    }
    handle(message.task, (units) => send({ type: "progress", units })).then(
      (result) => send({ type: "result", index: message.index, result }),
      (error: unknown) =>
        send({ type: "error", index: message.index, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
