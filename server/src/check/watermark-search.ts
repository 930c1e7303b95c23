// The check searches the watermark with the pipeline's own key search (one implementation, server/src/pipeline/stages/
// watermark.ts); this name is what the check's worker pool and verify import.
export { scanWatermark as searchWatermark, type WatermarkSearchOptions } from "../pipeline/stages/watermark.js";
