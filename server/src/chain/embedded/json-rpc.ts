/** JSON-RPC 2.0 shapes and error codes as the embedded chain's HTTP server speaks them. */

export type JsonRpcId = string | number | null;

export interface JsonRpcRequest {
  jsonrpc: "2.0";
  method: string;
  params: unknown[];
  /** Absent for a notification: it runs, and no response is sent for it. */
  id?: JsonRpcId;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: unknown }
  | { jsonrpc: "2.0"; id: JsonRpcId; error: JsonRpcErrorObject };

/** The codes of the JSON-RPC 2.0 specification, plus the EIP-1474 ones this server answers with. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** EIP-1474 "method not supported": a method EDR knows but a journal cannot replay. */
  methodNotSupported: -32004,
  /** EIP-1474 "limit exceeded": a body or batch above the server's limits. */
  limitExceeded: -32005,
  /** geth/anvil's code for a reverted call, kept as EDR sends it: viem and ethers decode its `data`. */
  executionReverted: 3,
} as const;

/** An error that carries its JSON-RPC error object: thrown inside the server, answered as is. */
export class JsonRpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "JsonRpcFault";
  }
}

export function errorResponse(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error };
}

/**
 * Checks one element of a request body. Returns the request, or the error to answer with (its id when the element
 * had a usable one).
 */
export function parseJsonRpcRequest(value: unknown): JsonRpcRequest | { invalid: JsonRpcResponse } {
  const invalid = (id: JsonRpcId, message: string) => ({
    invalid: errorResponse(id, { code: RpcErrorCode.invalidRequest, message: `Invalid request: ${message}` }),
  });
  if (typeof value !== "object" || value === null || Array.isArray(value)) return invalid(null, "expected an object");
  const record = value as Record<string, unknown>;
  const rawId = record.id;
  const idOk = rawId === undefined || rawId === null || typeof rawId === "string" || (typeof rawId === "number" && Number.isFinite(rawId));
  const id: JsonRpcId = idOk && rawId !== undefined ? (rawId as JsonRpcId) : null;
  if (!idOk) return invalid(null, "id must be a string, a number or null");
  if (record.jsonrpc !== "2.0") return invalid(id, 'jsonrpc must be "2.0"');
  if (typeof record.method !== "string" || record.method.length === 0) return invalid(id, "method must be a non-empty string");
  if (record.method.length > 100) return invalid(id, "method name longer than 100 characters");
  if (record.params !== undefined && !Array.isArray(record.params)) return invalid(id, "params must be an array");
  const request: JsonRpcRequest = { jsonrpc: "2.0", method: record.method, params: (record.params as unknown[] | undefined) ?? [] };
  if (rawId !== undefined) request.id = id;
  return request;
}

/**
 * The JSON-RPC error object for an error EDR threw, shaped as Hardhat's own JSON-RPC server shapes it, so that
 * clients (viem, ethers) see the same errors through this server as through `hardhat node`.
 */
export function toJsonRpcError(error: unknown): JsonRpcErrorObject {
  if (error instanceof JsonRpcFault) {
    return error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
  }
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as {
    code?: unknown;
    message?: unknown;
    data?: unknown;
    transactionHash?: unknown;
  };
  const message = typeof e.message === "string" ? e.message : String(error);
  const code = typeof e.code === "number" && Number.isInteger(e.code) ? e.code : RpcErrorCode.internalError;
  const nested = typeof e.data === "object" && e.data !== null ? (e.data as Record<string, unknown>) : undefined;
  const returnData = typeof e.data === "string" ? e.data : typeof nested?.data === "string" ? nested.data : undefined;
  if (code === RpcErrorCode.executionReverted) return { code, message, data: returnData };
  const txHash = typeof e.transactionHash === "string" ? e.transactionHash : typeof nested?.transactionHash === "string" ? nested.transactionHash : undefined;
  const reason = typeof nested?.reason === "string" ? nested.reason : undefined;
  return { code, message, data: { message, txHash, data: returnData, reason } };
}
