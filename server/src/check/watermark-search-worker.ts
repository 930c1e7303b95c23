import { parentPort, workerData } from "node:worker_threads";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import type { WatermarkSearchReply, WatermarkSearchRequest } from "./watermark-search-pool.js";
import { searchWatermark } from "./watermark-search.js";

// One watermark search at a time, off the server's event loop (see watermark-search-pool.ts).
const keys = (workerData as { keys: WatermarkKey[] }).keys;
parentPort!.on("message", ({ id, sampleRate, channels, searchScales }: WatermarkSearchRequest) => {
  let reply: WatermarkSearchReply;
  try {
    reply = { id, scan: searchWatermark({ sampleRate, channels }, keys, { searchScales }) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  parentPort!.postMessage(reply);
});
