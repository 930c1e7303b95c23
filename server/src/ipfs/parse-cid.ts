import { CID } from "multiformats/cid";
import { InvalidCidError } from "./errors.js";

export function parseCid(cid: string): CID {
  try {
    return CID.parse(cid);
  } catch (cause) {
    throw new InvalidCidError(`not a CID: ${String(cid).slice(0, 80)}`, { cause });
  }
}
