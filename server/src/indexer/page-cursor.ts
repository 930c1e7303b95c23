import { InvalidQueryError } from "./errors.js";

/** A position in a list ordered by (block, log index): what an opaque pagination cursor encodes. */
export interface ListPosition {
  blockNumber: string;
  logIndex: number;
}

/** The opaque cursor of a position (base64url; clients must not parse it). */
export function encodeCursor(p: ListPosition): string {
  return Buffer.from(`v1:${p.blockNumber}:${p.logIndex}`, "utf8").toString("base64url");
}

/** The position of a cursor made by `encodeCursor`; InvalidQueryError for anything else. */
export function decodeCursor(cursor: string): ListPosition {
  if (typeof cursor !== "string" || cursor.length === 0 || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidQueryError("Malformed cursor", { details: "pass back the endCursor of a previous page unchanged" });
  }
  const match = /^v1:(\d{1,20}):(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new InvalidQueryError("Malformed cursor", { details: "pass back the endCursor of a previous page unchanged" });
  return { blockNumber: match[1]!, logIndex: Number(match[2]) };
}
