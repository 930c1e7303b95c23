/**
 * Requests fetch() would never send: hand-written HTTP over a socket, for the upload doors' framing — a
 * Content-Length claiming 10 GB, a multipart body without its boundary or with two files, a client that hangs up in
 * the middle of the body — plus the ordinary-but-wrong requests of the REST API (no key, a malformed key, a bad
 * generator claim, sha256s that are not). Each case says which answers would be clear.
 */
import { connect } from "node:net";
import type { HttpOutcome } from "./lib/stack-client.js";

/** Sends `head` (request line + headers, without the blank line) and `body`; `hangUpAfter` bytes of body then closes. */
export function rawHttp(url: string, head: string, body: Uint8Array, options: { hangUpAfter?: number; timeoutMs?: number } = {}): Promise<HttpOutcome> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (transportError?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString("utf8");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const bodyStart = text.indexOf("\r\n\r\n");
      if (match) resolve({ status: Number(match[1]), ms: performance.now() - started, body: bodyStart >= 0 ? text.slice(bodyStart + 4) : "" });
      else resolve({ status: null, ms: performance.now() - started, body: "", transportError: transportError ?? "connection closed without an answer" });
    };
    socket.setTimeout(options.timeoutMs ?? 30_000, () => finish("timeout"));
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", (e) => finish(e.message));
    socket.on("end", () => finish());
    socket.on("connect", () => {
      socket.write(`${head}\r\nConnection: close\r\n\r\n`);
      if (options.hangUpAfter !== undefined) {
        socket.write(body.subarray(0, options.hangUpAfter), () => setTimeout(() => finish("the client hung up (as intended)"), 200));
        return;
      }
      socket.write(body);
    });
  });
}

export interface ProtocolCase {
  name: string;
  send(): Promise<HttpOutcome>;
  /**
   * The server may close the connection instead of answering (a client that hangs up; an oversized body it stops
   * reading after its 413, which can reset the socket before the answer is read): then it must still be healthy.
   */
  noAnswerOk?: boolean;
  /** Not HTTP: Node's parser answers a bare 400 and closes, before any Soundmark code runs; the status is the error. */
  framing?: boolean;
}

const multipart = (boundary: string, parts: { name: string; filename?: string; type?: string; data: Uint8Array | string }[]) => {
  const pieces: Buffer[] = [];
  for (const p of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}\r\n${p.type ? `content-type: ${p.type}\r\n` : ""}\r\n`));
    pieces.push(Buffer.from(p.data));
    pieces.push(Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
};

/** The protocol cases against the server at `url` with the key `apiKey`; `wav` is a small valid WAV file. */
export function protocolCases(url: string, apiKey: string, wav: Uint8Array, maxUploadBytes: number): ProtocolCase[] {
  const host = new URL(url).host;
  const post = (path: string, headers: string[], body: Uint8Array, options?: { hangUpAfter?: number }) => () =>
    rawHttp(url, [`POST ${path} HTTP/1.1`, `Host: ${host}`, ...headers].join("\r\n"), body, options);
  const auth = `Authorization: Bearer ${apiKey}`;
  const form = multipart("fuzzb", [{ name: "file", filename: "a.wav", type: "audio/wav", data: wav }]);
  const cases: ProtocolCase[] = [];
  for (const path of ["/v1/tracks", "/v1/check"]) {
    cases.push(
      { name: `${path}: no API key`, send: post(path, ["Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${form.length}`], form) },
      { name: `${path}: malformed bearer`, send: post(path, ["Authorization: Bearer \u00ff\u00fe not a key", "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${form.length}`], form) },
      { name: `${path}: unknown key`, send: post(path, [`Authorization: Bearer sm_${"0".repeat(40)}`, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${form.length}`], form) },
      { name: `${path}: Content-Length claiming 10 GB`, noAnswerOk: true, send: post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", "Content-Length: 10000000000"], form.subarray(0, 1_000)) },
      { name: `${path}: body over the upload limit`, noAnswerOk: true, send: post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${maxUploadBytes + 1_000_000}`], multipart("fuzzb", [{ name: "file", filename: "big.wav", data: new Uint8Array(maxUploadBytes + 999_000) }])) },
      { name: `${path}: chunked body over the upload limit`, noAnswerOk: true, send: post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", "Transfer-Encoding: chunked"], chunked(multipart("fuzzb", [{ name: "file", filename: "big.wav", data: new Uint8Array(maxUploadBytes + 1_000) }]))) },
      { name: `${path}: multipart without a boundary`, send: post(path, [auth, "Content-Type: multipart/form-data", `Content-Length: ${form.length}`], form) },
      { name: `${path}: boundary that never appears`, send: post(path, [auth, "Content-Type: multipart/form-data; boundary=other", `Content-Length: ${form.length}`], form) },
      { name: `${path}: JSON instead of multipart`, send: post(path, [auth, "Content-Type: application/json", "Content-Length: 13"], Buffer.from('{"file":"x"}\n')) },
      { name: `${path}: no file field`, send: () => { const b = multipart("fuzzb", [{ name: "note", data: "hello" }]); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
      { name: `${path}: two file fields`, send: () => { const b = multipart("fuzzb", [{ name: "file", filename: "a.wav", data: wav }, { name: "file", filename: "b.wav", data: wav }]); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
      { name: `${path}: 1,000 small fields`, send: () => { const b = multipart("fuzzb", Array.from({ length: 1_000 }, (_, i) => ({ name: `f${i}`, data: "x" }))); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
      { name: `${path}: filename with path traversal`, send: () => { const b = multipart("fuzzb", [{ name: "file", filename: "../../../../etc/passwd", type: "audio/wav", data: wav }]); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
      { name: `${path}: a 20 KB filename`, send: () => { const b = multipart("fuzzb", [{ name: "file", filename: "x".repeat(20_000), type: "audio/wav", data: wav }]); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
      { name: `${path}: body ends before its Content-Length`, noAnswerOk: true, send: post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${form.length}`], form, { hangUpAfter: Math.floor(form.length / 2) }) },
      { name: `${path}: a multipart part without its end`, send: () => { const b = Buffer.concat([Buffer.from(`--fuzzb\r\ncontent-disposition: form-data; name="file"; filename="a.wav"\r\n\r\n`), Buffer.from(wav)]); return post(path, [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)(); } },
    );
  }
  const claim = (text: string) => () => {
    const b = multipart("fuzzb", [{ name: "file", filename: "a.wav", type: "audio/wav", data: wav }, { name: "generator", data: text }]);
    return post("/v1/tracks", [auth, "Content-Type: multipart/form-data; boundary=fuzzb", `Content-Length: ${b.length}`], b)();
  };
  const get = (path: string) => () => rawHttp(url, [`GET ${path} HTTP/1.1`, `Host: ${host}`].join("\r\n"), new Uint8Array(0));
  cases.push(
    { name: "generator claim: not JSON", send: claim("{style: 1") },
    { name: "generator claim: JSON nested 5,000 deep", send: claim(`${"[".repeat(5_000)}${"]".repeat(5_000)}`) },
    { name: "generator claim: wrong types", send: claim(JSON.stringify({ styleId: "many", licenceId: -1, modelHash: 42, seed: { a: 1 }, params: "x" })) },
    { name: "generator claim: unknown style and licence", send: claim(JSON.stringify({ styleId: "999999", licenceId: "999999", modelHash: `0x${"ab".repeat(32)}`, seed: 1, params: {} })) },
    { name: "GET /v1/tracks/<not hex>", send: get("/v1/tracks/not-a-hash") },
    { name: "GET /v1/tracks/<unknown sha256>", send: get(`/v1/tracks/${"0".repeat(64)}`) },
    { name: "GET /v1/tracks/<10 KB path>", send: get(`/v1/tracks/${"a".repeat(10_000)}`) },
    { name: "GET /ipfs/<not a CID>", send: get("/ipfs/not-a-cid?format=raw") },
    { name: "GET /ipfs/<unknown CID>", send: get("/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=raw") },
    { name: "GET with a percent-encoding error", send: get("/v1/tracks/%E0%A4%A") },
    { name: "a request line of 100 KB", noAnswerOk: true, send: get(`/${"x".repeat(100_000)}`) },
    { name: "8,000 headers", send: () => rawHttp(url, [`GET /healthz HTTP/1.1`, `Host: ${host}`, ...Array.from({ length: 8_000 }, (_, i) => `X-F${i}: y`)].join("\r\n"), new Uint8Array(0)) },
    { name: "not HTTP at all", noAnswerOk: true, framing: true, send: () => rawHttp(url, "\u0016\u0003\u0001 this is a TLS hello, sort of", new Uint8Array(0)) },
  );
  return cases;
}

function chunked(body: Uint8Array): Uint8Array {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += 65_536) {
    const piece = body.subarray(at, at + 65_536);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), Buffer.from(piece), Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}
