import { JsonRpcFault, RpcErrorCode } from "./json-rpc.js";

/**
 * eth_getLogs / eth_newFilter with block numbers past the head: EDR walks every number up to `toBlock` (an
 * 0xffffffffffffffff hangs it for good), so numbers past the head are clamped to it, as a node that only has blocks up
 * to its head would answer. Returns the parameters to forward, or `empty` when the whole range lies in the future.
 */
export function boundLogQuery(params: unknown[], head: number): { params: unknown[] } | { empty: true } {
  const filter = params[0];
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new JsonRpcFault(RpcErrorCode.invalidParams, "the first parameter must be a filter object");
  }
  const f = filter as Record<string, unknown>;
  const from = blockNumber(f.fromBlock, "fromBlock");
  const to = blockNumber(f.toBlock, "toBlock");
  if (from !== undefined && from > head) return { empty: true };
  if (to === undefined || to <= head) return { params };
  return { params: [{ ...f, toBlock: `0x${head.toString(16)}` }, ...params.slice(1)] };
}

/** A hex block number as a number (beyond 2^53 counts as Infinity: past any head); tags and absence -> undefined. */
function blockNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new JsonRpcFault(RpcErrorCode.invalidParams, `${name} must be a hex block number or a tag`);
  if (!value.startsWith("0x")) return undefined; // latest, earliest, pending, safe, finalized: EDR resolves them
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw new JsonRpcFault(RpcErrorCode.invalidParams, `${name} ${JSON.stringify(value.slice(0, 80))} is not a hex block number`);
  const n = Number.parseInt(value, 16);
  return Number.isSafeInteger(n) ? n : Infinity;
}
