import { describe, expect, it } from "vitest";
import { InvalidQueryError } from "./errors.js";
import { decodeCursor, encodeCursor } from "./page-cursor.js";

describe("page cursors", () => {
  it("round-trip a position", () => {
    const p = { blockNumber: "18446744073709551615", logIndex: 123456 };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
  });

  it("reject anything they did not make", () => {
    const hostile = [
      "",
      "not base64!",
      Buffer.from("v2:1:2").toString("base64url"),
      Buffer.from("v1:1").toString("base64url"),
      Buffer.from("v1:-1:2").toString("base64url"),
      Buffer.from("v1:1:2; DROP TABLE chain_tracks").toString("base64url"),
      Buffer.from(`v1:${"9".repeat(30)}:1`).toString("base64url"),
      "A".repeat(65),
      42 as unknown as string,
    ];
    for (const cursor of hostile) expect(() => decodeCursor(cursor)).toThrow(InvalidQueryError);
  });
});
