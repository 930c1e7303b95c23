import { readFile } from "node:fs/promises";
import { parseWatermarkKey, type WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { WatermarkKeyFileError } from "./errors.js";

/** Reads and validates each key file (`soundmark watermark keygen` output); refuses two files with the same key. */
export async function loadWatermarkKeys(files: readonly string[]): Promise<WatermarkKey[]> {
  const keys: WatermarkKey[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      throw new WatermarkKeyFileError(`cannot read the watermark key file ${file}`, {
        details: (cause as NodeJS.ErrnoException).code ?? String(cause),
        cause,
      });
    }
    let key: WatermarkKey;
    try {
      key = parseWatermarkKey(text);
    } catch (cause) {
      throw new WatermarkKeyFileError(`${file} is not a watermark key`, {
        details: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
    if (keys.some((k) => k.keyId === key.keyId)) {
      throw new WatermarkKeyFileError(`${file} repeats key ${key.keyId}`, { details: "list each key file once" });
    }
    keys.push(key);
  }
  return keys;
}
