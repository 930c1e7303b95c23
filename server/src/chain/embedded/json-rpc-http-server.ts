import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorResponse, parseJsonRpcRequest, RpcErrorCode, toJsonRpcError, type JsonRpcRequest, type JsonRpcResponse } from "./json-rpc.js";

export interface JsonRpcHttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Answers one request: its result, or throws the error to answer with. */
  handle: (method: string, params: unknown[]) => Promise<unknown>;
  /** Bodies above this get HTTP 413 (default 16 MiB: a batch of contract deployments fits). */
  maxBodyBytes?: number;
  /** Batches with more requests are refused as a whole (default 1000, viem's largest batch). */
  maxBatchSize?: number;
}

export interface JsonRpcHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_SIZE = 1000;

/**
 * JSON-RPC 2.0 over HTTP POST: single and batch requests (a batch runs in order), notifications, CORS for pages in a
 * browser. Protocol errors are JSON-RPC errors with HTTP 200, as Ethereum nodes answer them; only a body too large
 * (413) and a method other than POST (405) are HTTP errors.
 */
export async function startJsonRpcHttpServer(options: JsonRpcHttpServerOptions): Promise<JsonRpcHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;

  const answerOne = async (request: JsonRpcRequest): Promise<JsonRpcResponse | undefined> => {
    let response: JsonRpcResponse;
    try {
      const result = await options.handle(request.method, request.params);
      response = { jsonrpc: "2.0", id: request.id ?? null, result: result ?? null };
    } catch (error) {
      response = errorResponse(request.id ?? null, toJsonRpcError(error));
    }
    return request.id === undefined ? undefined : response;
  };
  const answerElement = async (element: unknown): Promise<JsonRpcResponse | undefined> => {
    const request = parseJsonRpcRequest(element);
    return "invalid" in request ? request.invalid : answerOne(request);
  };

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, errorResponse(null, { code: RpcErrorCode.internalError, message: "Internal error" }));
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Content-Type");
    res.setHeader("Access-Control-Max-Age", "600");
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST, OPTIONS");
      send(res, 405, errorResponse(null, { code: RpcErrorCode.invalidRequest, message: "JSON-RPC requests are sent with POST" }));
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === "too large") {
      res.setHeader("Connection", "close");
      send(res, 413, errorResponse(null, { code: RpcErrorCode.limitExceeded, message: `Request body above ${maxBodyBytes} bytes` }));
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch (error) {
      send(res, 200, errorResponse(null, { code: RpcErrorCode.parseError, message: `Parse error: ${(error as Error).message}` }));
      return;
    }
    if (!Array.isArray(payload)) {
      const response = await answerElement(payload);
      if (response) send(res, 200, response);
      else res.writeHead(204).end();
      return;
    }
    if (payload.length === 0) {
      send(res, 200, errorResponse(null, { code: RpcErrorCode.invalidRequest, message: "Invalid request: an empty batch" }));
      return;
    }
    if (payload.length > maxBatchSize) {
      send(res, 200, errorResponse(null, { code: RpcErrorCode.limitExceeded, message: `A batch of ${payload.length} requests is above the limit of ${maxBatchSize}` }));
      return;
    }
    const responses: JsonRpcResponse[] = [];
    for (const element of payload) {
      const response = await answerElement(element);
      if (response) responses.push(response);
    }
    if (responses.length > 0) send(res, 200, responses);
    else res.writeHead(204).end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The whole body, or "too large". A body past the limit is read to its end and dropped, because closing the socket
 * while the client still sends resets the connection before the client reads the 413; past four times the limit (or
 * when the declared length is) the answer goes at once and the connection closes after it.
 */
function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer | "too large"> {
  const hardCap = maxBodyBytes * 4;
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"]) > hardCap) {
      req.resume(); // drained while the answer goes out; the socket closes after it
      resolve("too large");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: Buffer | "too large") => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > hardCap) {
        settle("too large");
      } else if (size <= maxBodyBytes && !settled) {
        chunks.push(chunk);
      }
    });
    req.on("end", () => settle(size > maxBodyBytes ? "too large" : Buffer.concat(chunks, size)));
    req.on("error", (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
