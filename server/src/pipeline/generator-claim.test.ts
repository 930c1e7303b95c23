import { describe, expect, it } from "vitest";
import { InvalidGeneratorClaimError } from "./errors.js";
import { validateGeneratorClaim, type GeneratorClaim } from "./generator-claim.js";

const self = "a".repeat(64);
const parent = "b".repeat(64);

describe("validateGeneratorClaim", () => {
  it("infers the kind the registry expects", () => {
    expect(validateGeneratorClaim(undefined, self).kind).toBe("original");
    expect(validateGeneratorClaim({ styleId: 3, seed: 7 }, self)).toMatchObject({ kind: "generated", styleId: 3, licenceId: 0 });
    expect(validateGeneratorClaim({ parents: [parent] }, self)).toMatchObject({ kind: "derivative", parents: [parent] });
    expect(validateGeneratorClaim({ styleId: 3, licenceId: 9, parents: [parent], kind: "derivative" }, self).kind).toBe("derivative");
  });

  it.each<[string, GeneratorClaim]>([
    ["a generated track without a style", { kind: "generated" }],
    ["a derivative without parents", { kind: "derivative", styleId: 1 }],
    ["an original with parents", { kind: "original", parents: [parent] }],
    ["a licence without a style", { licenceId: 4, parents: [parent] }],
    ["a parent that is the track itself", { parents: [self] }],
    ["repeated parents", { parents: [parent, parent] }],
    ["a parent that is not a sha256", { parents: ["0x" + parent] }],
    ["17 parents", { parents: Array.from({ length: 17 }, (_, i) => i.toString(16).padStart(64, "0")) }],
    ["a negative style", { styleId: -1 }],
    ["a style beyond uint32", { styleId: 2 ** 32 }],
    ["a fractional seed", { seed: 1.5 }],
    ["a model hash with 0x", { modelHash: "0x" + "c".repeat(64) }],
    ["a nested param", { params: { nested: { a: 1 } as unknown as string } }],
    ["an unknown kind", { kind: "remix" as "original" }],
  ])("refuses %s", (_, claim) => {
    expect(() => validateGeneratorClaim(claim, self)).toThrow(InvalidGeneratorClaimError);
  });

  it("refuses a claim that is not an object", () => {
    expect(() => validateGeneratorClaim([] as unknown as GeneratorClaim, self)).toThrow(/must be an object/);
  });
});
