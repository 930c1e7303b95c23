import { describe, expect, it } from "vitest";
import { PostingBuffer, PostingTable } from "./posting-table.js";

const lookup = (t: PostingTable, h: number) => Array.from(t.values.subarray(t.starts[h]!, t.starts[h + 1]!));

describe("PostingTable", () => {
  it("groups postings by hash in insertion order, across buffers and tables", () => {
    const a = new PostingBuffer(true, 2);
    a.append(Uint32Array.of(5, 3, 5), Uint32Array.of(1, 2, 3), Uint16Array.of(10, 20, 30), 100);
    const t1 = PostingTable.build(4, true, [a]);
    expect(t1.size).toBe(3);
    expect(lookup(t1, 5)).toEqual([101, 103]);
    expect(lookup(t1, 3)).toEqual([102]);
    expect(lookup(t1, 4)).toEqual([]);
    expect(Array.from(t1.extras!.subarray(t1.starts[5]!, t1.starts[6]!))).toEqual([10, 30]);
    const b = new PostingBuffer(true);
    b.append(Uint32Array.of(5), Uint32Array.of(7), Uint16Array.of(70), 512);
    const t2 = PostingTable.build(4, true, [t1, b]);
    expect(lookup(t2, 5)).toEqual([101, 103, 519]);
  });

  it("drops postings of dead blocks when rebuilt", () => {
    const a = new PostingBuffer(false);
    a.append(Uint32Array.of(1, 1, 2), Uint32Array.of(0, 0, 0), undefined, 0);
    a.append(Uint32Array.of(1, 2), Uint32Array.of(3, 4), undefined, 256);
    const alive = { blocks: Uint8Array.of(0, 1), blockBits: 8 };
    const t = PostingTable.build(2, false, [PostingTable.build(2, false, [a])], alive);
    expect(t.size).toBe(2);
    expect(lookup(t, 1)).toEqual([259]);
    expect(lookup(t, 2)).toEqual([260]);
    expect(t.extras).toBeUndefined();
  });
});
