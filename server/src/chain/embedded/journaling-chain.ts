import { ChainJournalWriteError } from "./errors.js";
import { getBlockHead, getBlockNumber, getClockOffset, type RequestProvider } from "./chain-reads.js";
import type { JournalEntry } from "./journal-entry.js";

/** Where entries go (a JournalWriter): on disk when `append` resolves. */
export interface JournalAppender {
  append(entry: JournalEntry): Promise<void>;
}
import { JsonRpcFault, RpcErrorCode } from "./json-rpc.js";
import { boundLogQuery } from "./log-query-bounds.js";
import { methodKind, REFUSED_METHODS } from "./rpc-methods.js";

/**
 * EDR behind a journal: every call that changes the chain runs alone, and its answer waits until the call is on disk.
 * Reads wait for the changes before them, so no client ever sees a state that a crash could take back.
 */
export class JournalingChain {
  /** The last change queued: changes run one after another, in the order they are journaled. */
  private tail: Promise<void> = Promise.resolve();
  private broken: ChainJournalWriteError | undefined;

  constructor(
    private readonly provider: RequestProvider,
    private readonly writer: JournalAppender,
    private readonly log: (line: string) => void,
  ) {}

  async request(method: string, params: unknown[]): Promise<unknown> {
    switch (methodKind(method)) {
      case "refused":
        throw new JsonRpcFault(RpcErrorCode.methodNotSupported, `${method} is not supported by the journaling chain: ${REFUSED_METHODS.get(method)}`);
      case "unknown":
        throw new JsonRpcFault(RpcErrorCode.methodNotFound, `The method ${method} does not exist or is not available on the journaling chain`);
      case "pass-through": {
        this.assertWritable();
        await this.tail;
        if (method === "eth_getLogs" || method === "eth_newFilter") {
          const bounded = boundLogQuery(params, await getBlockNumber(this.provider));
          if ("empty" in bounded) return method === "eth_getLogs" ? [] : this.provider.request({ method, params });
          return this.provider.request({ method, params: bounded.params });
        }
        return this.provider.request({ method, params });
      }
      case "journaled": {
        const run = this.tail.then(() => this.runJournaled(method, params));
        this.tail = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      }
    }
  }

  /** Resolves when every change queued so far is journaled (or refused). */
  drain(): Promise<void> {
    return this.tail;
  }

  private assertWritable(): void {
    if (this.broken) throw new JsonRpcFault(RpcErrorCode.internalError, this.broken.message);
  }

  private async runJournaled(method: string, params: unknown[]): Promise<unknown> {
    this.assertWritable();
    // A copy as the client sent it: a request handler may fill in fields (gas...) in place.
    const journaledParams = structuredClone(params);
    const before = await getBlockNumber(this.provider);
    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: await this.provider.request({ method, params }) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const latest = await getBlockHead(this.provider, "latest");
    const mined = latest.number > before;
    // An error that mined nothing changed nothing (a bad nonce, too little gas): nothing to journal.
    if (!outcome.ok && !mined) throw outcome.error;

    const firstMined = !mined ? undefined : latest.number === before + 1 ? latest : await getBlockHead(this.provider, before + 1);
    const entry: JournalEntry = {
      method,
      params: journaledParams,
      ok: outcome.ok,
      ...(firstMined ? { timestamp: firstMined.timestamp } : {}),
      block: { number: latest.number, hash: latest.hash },
      clockOffset: await getClockOffset(this.provider),
    };
    try {
      await this.writer.append(entry);
    } catch (error) {
      this.broken = error as ChainJournalWriteError;
      this.log(`chain: ${this.broken.message}; the chain refuses every request until it is restarted`);
      this.assertWritable();
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }
}
