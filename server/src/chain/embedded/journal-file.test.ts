import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChainJournalCorruptError } from "./errors.js";
import { JOURNAL_FORMAT, type JournalEntry, type JournalHeader } from "./journal-entry.js";
import { JournalWriter, readJournal } from "./journal-file.js";

const header: JournalHeader = {
  format: JOURNAL_FORMAT,
  version: 1,
  chainId: 31337,
  genesis: { hash: `0x${"11".repeat(32)}`, timestamp: 1_800_000_000 },
  clockOffset: -1,
  createdAt: "2026-11-24T18:00:00.000Z",
};
const entry: JournalEntry = { method: "evm_mine", params: [], ok: true, timestamp: 1_800_000_001, block: { number: 1, hash: `0x${"22".repeat(32)}` }, clockOffset: -1 };

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "soundmark-journal-"));
  file = path.join(dir, "journal.jsonl");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("readJournal", () => {
  it("reads what JournalWriter appended", async () => {
    const writer = await JournalWriter.open(file);
    await writer.append(header);
    await writer.append(entry);
    await writer.close();
    expect(await readJournal(file)).toEqual({ header, entries: [{ line: 2, entry }], droppedTailBytes: 0 });
  });

  it("takes a missing or empty file for a new journal", async () => {
    expect(await readJournal(file)).toEqual({ entries: [], droppedTailBytes: 0 });
    await writeFile(file, "");
    expect(await readJournal(file)).toEqual({ entries: [], droppedTailBytes: 0 });
  });

  it("cuts a torn header off, leaving an empty file for a new journal", async () => {
    await writeFile(file, JSON.stringify(header).slice(0, 30));
    expect(await readJournal(file)).toEqual({ entries: [], droppedTailBytes: 30 });
    expect(await readFile(file, "utf8")).toBe("");
  });

  it("cuts a last line without its newline off, even one that parses", async () => {
    // The answer waits for the fsync of the whole line, newline included: without it, the call was never answered.
    const kept = `${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`;
    await writeFile(file, `${kept}${JSON.stringify(entry)}`);
    const read = await readJournal(file);
    expect(read.entries).toHaveLength(1);
    expect(read.droppedTailBytes).toBe(JSON.stringify(entry).length);
    expect(await readFile(file, "utf8")).toBe(kept);
  });

  it("names the line that is not a header or an entry", async () => {
    await writeFile(file, `${JSON.stringify({ ...header, version: 9 })}\n`);
    await expect(readJournal(file)).rejects.toThrow("corrupt at line 1: journal version 9, this chain reads version 1");
    await writeFile(file, `${JSON.stringify(entry)}\n`);
    await expect(readJournal(file)).rejects.toThrow(/corrupt at line 1: not a soundmark-chain-journal header/);
    await writeFile(file, `${JSON.stringify(header)}\n${JSON.stringify({ ...entry, block: { number: -1, hash: "0x" } })}\n`);
    await expect(readJournal(file)).rejects.toThrow(/corrupt at line 2: block must hold a number and a hash/);
    await writeFile(file, `${JSON.stringify(header)}\n\u0000\u0001binary\n${JSON.stringify(entry)}\n`);
    const error = await readJournal(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainJournalCorruptError);
    expect(error).toMatchObject({ line: 2, code: "CHAIN_JOURNAL_CORRUPT" });
  });
});
