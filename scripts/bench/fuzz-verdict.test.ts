import { describe, expect, it } from "vitest";
import { errorCodeOf, hasStackTrace, judgeCli, judgeHttp, judgeJsonRpc } from "./fuzz-verdict.js";

const STACK = "Error: boom\n    at decode (/work/main/generator/audio/src/decode/wav.ts:12:3)\n    at node:internal/process/task_queues:105:5";

describe("hasStackTrace", () => {
  it("sees V8 frames with a path and position", () => {
    expect(hasStackTrace(STACK)).toBe(true);
    expect(hasStackTrace("    at file:///work/main/x.ts:1:2")).toBe(true);
  });
  it("does not take prose for a frame", () => {
    expect(hasStackTrace("the data chunk ends at byte 44 of 1000")).toBe(false);
    expect(hasStackTrace("soundmark: look at the file again")).toBe(false);
  });
});

describe("errorCodeOf", () => {
  it("reads REST and GraphQL error codes", () => {
    expect(errorCodeOf('{"error":{"code":"CORRUPT_AUDIO","message":"bad"}}')).toBe("CORRUPT_AUDIO");
    expect(errorCodeOf('{"code":"INVALID_INPUT"}')).toBe("INVALID_INPUT");
    expect(errorCodeOf('{"errors":[{"message":"x","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}')).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(errorCodeOf("not json")).toBeNull();
  });
});

describe("judgeHttp", () => {
  it("takes a 4xx with a code as a clear error", () => {
    expect(judgeHttp(422, '{"error":{"code":"TRUNCATED_AUDIO","message":"ends early"}}')).toEqual({ verdict: "clear-error", reason: "422 TRUNCATED_AUDIO" });
  });
  it("takes 503 and 504 as refusals, not crashes", () => {
    expect(judgeHttp(503, '{"error":{"code":"UNAVAILABLE","message":"busy"}}').verdict).toBe("clear-error");
    expect(judgeHttp(504, '{"error":{"code":"TIMEOUT","message":"slow"}}').verdict).toBe("clear-error");
  });
  it("takes a 500, a dropped connection or a stack trace as a crash", () => {
    expect(judgeHttp(500, '{"error":{"code":"INTERNAL","message":"x"}}').verdict).toBe("crash");
    expect(judgeHttp(null, "", "socket hang up").verdict).toBe("crash");
    expect(judgeHttp(400, JSON.stringify({ error: { code: "X", message: STACK } })).verdict).toBe("crash");
  });
  it("tells a GraphQL 200 with errors from an acceptance", () => {
    expect(judgeHttp(200, '{"data":{"x":1}}').verdict).toBe("accepted");
    expect(judgeHttp(200, '{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}')).toEqual({ verdict: "clear-error", reason: "GRAPHQL_VALIDATION_FAILED" });
  });
  it("takes a 4xx with an empty body as a crash of the contract, unless its status says it all", () => {
    expect(judgeHttp(400, "").verdict).toBe("crash");
    expect(judgeHttp(431, "").verdict).toBe("clear-error");
    expect(judgeHttp(415, "").verdict).toBe("clear-error");
  });
});

describe("judgeJsonRpc", () => {
  it("takes error objects as clear, results as accepted", () => {
    expect(judgeJsonRpc(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no such method"}}').verdict).toBe("clear-error");
    expect(judgeJsonRpc(200, '{"jsonrpc":"2.0","id":1,"result":"0x1"}').verdict).toBe("accepted");
    expect(judgeJsonRpc(200, '[{"id":1,"result":"0x1"},{"id":2,"error":{"code":-32602,"message":"bad"}}]').verdict).toBe("clear-error");
  });
  it("takes an HTTP 413 with text as clear, a body that is neither as a crash", () => {
    expect(judgeJsonRpc(413, "request body too large").verdict).toBe("clear-error");
    expect(judgeJsonRpc(200, '{"id":1}').verdict).toBe("crash");
    expect(judgeJsonRpc(200, "<html>").verdict).toBe("crash");
  });
});

describe("judgeCli", () => {
  it("takes a non-zero exit with a one-line message as clear", () => {
    expect(judgeCli(2, null, "soundmark: unknown option --x\n", false)).toEqual({ verdict: "clear-error", reason: "exit 2: soundmark: unknown option --x" });
  });
  it("takes signals, hangs, stack traces, unexpected errors and silence as crashes", () => {
    expect(judgeCli(null, "SIGSEGV", "", false).verdict).toBe("crash");
    expect(judgeCli(null, "SIGKILL", "", true).verdict).toBe("crash");
    expect(judgeCli(1, null, `soundmark: unexpected error: ${STACK}`, false).verdict).toBe("crash");
    expect(judgeCli(1, null, "", false).verdict).toBe("crash");
  });
  it("reads the message from stdout when stderr is empty", () => {
    expect(judgeCli(2, null, "", false, "usage: soundmark <command> [options]\n\ncommands:\n").verdict).toBe("clear-error");
    expect(judgeCli(2, null, "", false, "   \n").verdict).toBe("crash");
  });
  it("takes exit 0 as an acceptance", () => {
    expect(judgeCli(0, null, "", false).verdict).toBe("accepted");
  });
});
