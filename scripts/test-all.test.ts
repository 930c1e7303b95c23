import { describe, expect, it } from "vitest";
import { parseHardhatSummary } from "./test-all.js";

describe("parseHardhatSummary", () => {
  it("reads Hardhat's passing and failing lines, colours and all", () => {
    const out = "\n  \x1b[32m12 passing\x1b[0m (3s)\n  \x1b[31m2 failing\x1b[0m\n";
    expect(parseHardhatSummary(out)).toEqual({ passed: 12, failed: 2 });
  });

  it("counts zero when a line is absent (Hardhat omits zero counts)", () => {
    expect(parseHardhatSummary("  7 passing (1s)\n")).toEqual({ passed: 7, failed: 0 });
    expect(parseHardhatSummary("Compilation failed")).toEqual({ passed: 0, failed: 0 });
  });

  it("takes the final summary, not a test named like one", () => {
    const out = "  ✔ reports 3 passing tests\n  40 passing (2s)\n";
    expect(parseHardhatSummary(out)).toEqual({ passed: 40, failed: 0 });
  });
});
