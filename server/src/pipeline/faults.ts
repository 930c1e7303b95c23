import type { StageName } from "./stages/index.js";

/**
 * Fault injection for tests of crash recovery. `afterStage` runs when a stage has done its work (its side effects
 * are real: the transaction is sent, the blocks are stored) but before its output is committed: the widest window a
 * crash can hit. Throwing SimulatedCrashError there makes the worker stop dead, leaving the job leased and
 * uncommitted exactly as a killed process would; any other error takes the normal failure path.
 */
export interface PipelineFaults {
  afterStage?(stage: StageName, job: { jobId: string; sha256: string }): void | Promise<void>;
}

export class SimulatedCrashError extends Error {
  constructor(stage: StageName) {
    super(`simulated crash after the ${stage} stage`);
    this.name = "SimulatedCrashError";
  }
}
