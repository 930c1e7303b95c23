import { describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { codedLength, convEncode, viterbiDecode } from "./convolutional-code.js";
import { bitsToBytes, bytesToBits, crc16Bits } from "./crc16.js";

const soft = (coded: Uint8Array): number[] => Array.from(coded, (b) => (b ? 1 : -1));

describe("convolutional code (K=7, rate 1/2) and CRC-16", () => {
  it("decodes its own codewords", () => {
    const rng = new SeededRandom(3);
    const bits = Uint8Array.from({ length: 80 }, () => rng.int(0, 2));
    const coded = convEncode(bits);
    expect(coded.length).toBe(codedLength(80));
    expect(viterbiDecode(soft(coded), 80)).toEqual(bits);
  });

  it("corrects scattered hard errors and erasures", () => {
    const rng = new SeededRandom(4);
    const bits = Uint8Array.from({ length: 80 }, () => rng.int(0, 2));
    const s = soft(convEncode(bits));
    for (let i = 5; i < s.length; i += 17) s[i] = -s[i]!; // 10 flipped bits, spread out
    for (let i = 9; i < s.length; i += 23) s[i] = 0; // erasures
    expect(viterbiDecode(s, 80)).toEqual(bits);
  });

  it("CRC-16/CCITT-FALSE of '123456789' is 0x29b1; bits and bytes round-trip", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc16Bits(bytesToBits(bytes))).toBe(0x29b1);
    expect(bitsToBytes(bytesToBits(bytes))).toEqual(bytes);
  });
});
