import { open, readFile, truncate, type FileHandle } from "node:fs/promises";
import { ChainJournalCorruptError, ChainJournalWriteError } from "./errors.js";
import { asJournalEntry, asJournalHeader, type JournalEntry, type JournalHeader } from "./journal-entry.js";

export interface ReadJournalReturnType {
  /** Absent when the file is missing or holds no complete line. */
  header?: JournalHeader;
  /** Each entry with its line number in the file (the header is line 1). */
  entries: { line: number; entry: JournalEntry }[];
  /** Bytes of a last line cut short by a crash, dropped from the file. */
  droppedTailBytes: number;
}

/**
 * Reads the journal. A last line without its newline was being written when the process died, and its call was never
 * answered (answers wait for the fsync of the whole line): it is cut off the file. Any other bad line is an error.
 */
export async function readJournal(path: string): Promise<ReadJournalReturnType> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], droppedTailBytes: 0 };
    throw error;
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  const droppedTailBytes = bytes.length - end;
  if (droppedTailBytes > 0) await truncate(path, end);
  const lines = bytes.subarray(0, end).toString("utf8").split("\n");
  lines.pop(); // the empty string after the last newline
  if (lines.length === 0) return { entries: [], droppedTailBytes };

  const parse = (text: string, line: number): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ChainJournalCorruptError(path, line, `not JSON (${(error as Error).message})`);
    }
  };
  const header = asJournalHeader(parse(lines[0]!, 1));
  if (typeof header === "string") throw new ChainJournalCorruptError(path, 1, header);
  const entries = lines.slice(1).map((text, i) => {
    const entry = asJournalEntry(parse(text, i + 2));
    if (typeof entry === "string") throw new ChainJournalCorruptError(path, i + 2, entry);
    return { line: i + 2, entry };
  });
  return { header, entries, droppedTailBytes };
}

/** Appends lines, each on disk (fsync) before `append` resolves. */
export class JournalWriter {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  static async open(path: string): Promise<JournalWriter> {
    return new JournalWriter(path, await open(path, "a"));
  }

  async append(value: JournalHeader | JournalEntry): Promise<void> {
    try {
      await this.file.appendFile(`${JSON.stringify(value)}\n`);
      await this.file.datasync();
    } catch (cause) {
      throw new ChainJournalWriteError(this.path, { cause });
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
