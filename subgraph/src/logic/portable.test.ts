// The logic is compiled by asc inside `graph build` and run by Node in the tests. This checks that the two worlds
// compute the same thing: the helpers with arithmetic (decimal strings, base32) are compiled with the same asc as
// graph-cli's, run as WebAssembly, and compared with the TypeScript results, errors included.
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256, stringToBytes } from "viem";
import * as ts from "./decimal";
import { rawSha256Cid } from "./raw-cid";

// The AssemblyScript graph-cli itself resolves (the one `graph build` compiles with).
const require = createRequire(createRequire(import.meta.url).resolve("@graphprotocol/graph-cli/package.json"));

interface Exports {
  __newString(s: string): number;
  __getString(p: number): string;
  addDecimal(a: number, b: number): number;
  subtractDecimal(a: number, b: number): number;
  compareDecimal(a: number, b: number): number;
  decimalToHex(a: number, bytes: number): number;
  rawSha256Cid(a: number): number;
}

let compiled: Buffer;
let loader: { instantiateSync(bytes: Buffer, imports: object): { exports: Exports } };

beforeAll(async () => {
  const ascPackage = path.dirname(require.resolve("assemblyscript"));
  const dir = await mkdtemp(path.join(tmpdir(), "subgraph-asc-"));
  const out = path.join(dir, "logic.wasm");
  const here = path.dirname(new URL(import.meta.url).pathname);
  await promisify(execFile)(process.execPath, [
    path.join(ascPackage, "bin/asc"),
    path.join(here, "decimal.ts"),
    path.join(here, "raw-cid.ts"),
    "--exportRuntime",
    "--outFile",
    out,
  ]);
  loader = require("assemblyscript/lib/loader");
  compiled = await readFile(out);
}, 60_000);

/** A fresh instance per call: after an abort (a thrown Error) the instance's runtime state is undefined. */
function instance(): Exports {
  return loader.instantiateSync(compiled, {
    env: {
      abort() {
        throw new Error("asc abort");
      },
    },
  }).exports;
}

/** Calls a string -> string export, or returns "throws" when the module aborts. */
function call(name: "addDecimal" | "subtractDecimal" | "compareDecimal" | "decimalToHex" | "rawSha256Cid", ...args: (string | number)[]): string {
  const wasm = instance();
  const fn = wasm[name] as (...a: number[]) => number;
  let result: number;
  try {
    result = fn(...args.map((a) => (typeof a === "string" ? wasm.__newString(a) : a)));
  } catch {
    return "throws";
  }
  return name === "compareDecimal" ? String(result) : wasm.__getString(result);
}

function tsCall(fn: () => string): string {
  try {
    return fn();
  } catch {
    return "throws";
  }
}

describe("the logic compiled by asc computes what the TypeScript computes", () => {
  const numbers = ["0", "1", "9", "10", "4294967295", "4294967296", "18446744073709551616", (2n ** 256n - 1n).toString(), "-1", "01", ""];

  it("decimal add, subtract, compare and token id -> hash", () => {
    for (const a of numbers) {
      for (const b of numbers) {
        expect(call("addDecimal", a, b)).toBe(tsCall(() => ts.addDecimal(a, b)));
        expect(call("subtractDecimal", a, b)).toBe(tsCall(() => ts.subtractDecimal(a, b)));
        expect(call("compareDecimal", a, b)).toBe(tsCall(() => String(ts.compareDecimal(a, b))));
      }
      expect(call("decimalToHex", a, 32)).toBe(tsCall(() => ts.decimalToHex(a, 32)));
      expect(call("decimalToHex", a, 4)).toBe(tsCall(() => ts.decimalToHex(a, 4)));
    }
  });

  it("raw CIDs of digests", () => {
    for (let i = 0; i < 20; i++) {
      const digest = sha256(stringToBytes(String(i)));
      expect(call("rawSha256Cid", digest)).toBe(rawSha256Cid(digest));
    }
    expect(call("rawSha256Cid", "0x12")).toBe("throws");
  });
});
