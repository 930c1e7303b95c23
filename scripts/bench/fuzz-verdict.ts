/**
 * How the fuzz bench judges one answer to bad input: a clear error (a 4xx naming what was wrong, a JSON-RPC error
 * object, a non-zero exit with a one-line message), an acceptance (the input happened to be valid), or a crash (a 5xx
 * other than 503/504, a dropped connection, a stack trace in what the caller sees, a signal, a hang).
 */

export type FuzzVerdict = "clear-error" | "accepted" | "crash";

export interface Judged {
  verdict: FuzzVerdict;
  /** Why, for crashes and for the report. */
  reason: string;
}

/** A V8 stack frame ("    at fn (file.ts:12:3)" or "    at file.js:1:2") in text shown to a caller. */
const STACK_FRAME = /^\s+at (?:.+ \()?(?:file:\/\/|node:|\/)[^)\n]*:\d+:\d+\)?$/m;

export function hasStackTrace(text: string): boolean {
  // Inside a JSON body the frames sit on one line, joined by escaped newlines.
  return STACK_FRAME.test(text.replace(/\\n/g, "\n"));
}

/** 405 Method Not Allowed, 411 Length Required, 413 Content Too Large, 414 URI Too Long, 415 Unsupported Media Type, 431 Request Header Fields Too Large. */
const SELF_DESCRIBING = new Set([405, 411, 413, 414, 415, 431]);

/** The error code of a REST ({error: {code}} or {code}) or GraphQL ({errors: [{extensions: {code}}]}) error body. */
export function errorCodeOf(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const o = parsed as { error?: { code?: unknown } | string; code?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  if (typeof o.error === "object" && o.error && typeof o.error.code === "string") return o.error.code;
  if (typeof o.code === "string") return o.code;
  const first = Array.isArray(o.errors) ? o.errors[0] : undefined;
  if (first && typeof first.extensions?.code === "string") return first.extensions.code;
  return null;
}

/**
 * An HTTP answer (status null: no answer). 2xx is an acceptance unless it carries GraphQL `errors` (then it must name
 * a code or at least a message); 4xx must name an error code; 503/504 (overload, timeout) are clear refusals.
 */
export function judgeHttp(status: number | null, body: string, transportError?: string): Judged {
  if (status === null) return { verdict: "crash", reason: `no answer: ${transportError ?? "connection dropped"}` };
  if (hasStackTrace(body)) return { verdict: "crash", reason: `stack trace in a ${status} answer` };
  if (status >= 500 && status !== 503 && status !== 504) return { verdict: "crash", reason: `HTTP ${status}: ${body.slice(0, 160)}` };
  const code = errorCodeOf(body);
  if (status >= 200 && status < 300) {
    const graphqlErrors = /"errors"\s*:\s*\[/.test(body);
    if (!graphqlErrors) return { verdict: "accepted", reason: `HTTP ${status}` };
    return code ? { verdict: "clear-error", reason: code } : { verdict: "clear-error", reason: "GraphQL errors with a message" };
  }
  if (code) return { verdict: "clear-error", reason: `${status} ${code}` };
  // Statuses that name the problem by themselves (Node's HTTP parser and the GraphQL framework answer these with no body).
  if (SELF_DESCRIBING.has(status) && body.trim().length === 0) return { verdict: "clear-error", reason: `${status} (the status says it)` };
  // A 4xx without a code (e.g. a GraphQL parse error answered by the server framework) still says what is wrong
  // when its body has a message.
  if (/"message"\s*:\s*"[^"]+"/.test(body) || (status < 500 && body.trim().length > 0 && body.length < 2_000)) return { verdict: "clear-error", reason: `${status} with a message` };
  return { verdict: "crash", reason: `HTTP ${status} without an error body` };
}

/** A JSON-RPC answer: an `error` object with a code is clear; a `result` is an acceptance; batches judge every item. */
export function judgeJsonRpc(status: number | null, body: string, transportError?: string): Judged {
  if (status === null) return { verdict: "crash", reason: `no answer: ${transportError ?? "connection dropped"}` };
  if (hasStackTrace(body)) return { verdict: "crash", reason: "stack trace in the answer" };
  if (status >= 500 && status !== 503 && status !== 504) return { verdict: "crash", reason: `HTTP ${status}: ${body.slice(0, 160)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return status >= 400 ? { verdict: "clear-error", reason: `HTTP ${status} ${body.slice(0, 80)}` } : { verdict: "crash", reason: `HTTP ${status} with a body that is not JSON` };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) return status >= 400 ? { verdict: "clear-error", reason: `HTTP ${status}` } : { verdict: "crash", reason: "an empty batch answer" };
  let errors = 0;
  for (const item of items) {
    const o = item as { error?: { code?: unknown; message?: unknown }; result?: unknown };
    if (o && typeof o === "object" && o.error && typeof o.error.code === "number" && typeof o.error.message === "string") errors++;
    else if (!(o && typeof o === "object" && "result" in o)) return { verdict: "crash", reason: `an answer that is neither result nor error: ${JSON.stringify(item).slice(0, 120)}` };
  }
  return errors > 0 ? { verdict: "clear-error", reason: `${errors}/${items.length} JSON-RPC error(s)` } : { verdict: "accepted", reason: "result" };
}

/** A CLI run: exit 0 accepts; a non-zero exit must come with a message (stderr, else stdout), no stack trace, no signal, no hang. */
export function judgeCli(code: number | null, signal: string | null, stderr: string, timedOut: boolean, stdout = ""): Judged {
  if (timedOut) return { verdict: "crash", reason: "hung (killed after the timeout)" };
  if (signal) return { verdict: "crash", reason: `killed by ${signal}` };
  if (hasStackTrace(stderr)) return { verdict: "crash", reason: `stack trace: ${stderr.split("\n")[0]}` };
  if (/unexpected error/i.test(stderr)) return { verdict: "crash", reason: stderr.split("\n")[0]! };
  if (code === 0) return { verdict: "accepted", reason: "exit 0" };
  // The message belongs on stderr; a usage text on stdout (e.g. `help <unknown>`) also tells the user what to do.
  const message = (stderr.trim() || stdout.trim()).split("\n")[0] ?? "";
  if (message.length === 0) return { verdict: "crash", reason: `exit ${code} without a message` };
  return { verdict: "clear-error", reason: `exit ${code}: ${message.slice(0, 120)}` };
}
