import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { cliCases, type CliFiles } from "./fuzz-cli-cases.js";
import { jsonRpcCases } from "./fuzz-jsonrpc-cases.js";

const files: CliFiles = {
  dir: "/tmp/fuzz",
  missing: "/tmp/fuzz/missing",
  emptyFile: "/tmp/fuzz/empty.wav",
  corruptAudio: ["/tmp/fuzz/a.wav", "/tmp/fuzz/b.flac"],
  garbageJson: "/tmp/fuzz/garbage.json",
  textFile: "/tmp/fuzz/text.txt",
  rpcUrl: "http://127.0.0.1:8545",
  deadUrl: "http://127.0.0.1:1",
};

describe("cliCases", () => {
  it("is the same for the same seed", () => {
    expect(cliCases(new SeededRandom(4), files, 3)).toEqual(cliCases(new SeededRandom(4), files, 3));
  });

  it("gives every random `generator serve` line an option no command knows, so none starts the service", () => {
    const random = cliCases(new SeededRandom(8), files, 20).filter((c) => c.argv[0] === "generator" && c.name.includes("random"));
    expect(random).toHaveLength(20);
    for (const c of random) expect(c.argv.some((a) => a.startsWith("--fuzz-"))).toBe(true);
  });

  it("covers every command of the CLI", () => {
    const words = new Set(cliCases(new SeededRandom(1), files, 1).map((c) => c.argv.slice(0, c.argv[0] === "watermark" || c.argv[0] === "apikey" || c.argv[0] === "index" || c.argv[0] === "generator" ? 2 : 1).join(" ")));
    for (const command of ["hash", "fingerprint", "index add", "identify", "watermark keygen", "watermark embed", "watermark detect", "train", "generate", "generator serve", "verify", "apikey create", "apikey list", "apikey revoke"]) {
      expect(words).toContain(command);
    }
  });
});

describe("jsonRpcCases", () => {
  it("never sends a state-changing call that could succeed", () => {
    for (const c of jsonRpcCases(new SeededRandom(2), 300)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.body);
      } catch {
        continue;
      }
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        const method = (call as { method?: unknown } | null)?.method;
        expect(["eth_sendTransaction", "evm_mine", "hardhat_mine"]).not.toContain(method);
      }
    }
  });
});
