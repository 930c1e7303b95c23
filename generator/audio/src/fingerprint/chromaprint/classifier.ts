import type { ChromaprintClassifier } from "./chromaprint-config.js";
import { applyFilter } from "./filter.js";
import { quantize } from "./quantizer.js";
import type { RollingIntegralImage } from "./rolling-integral-image.js";

/** A classifier's 0..3 level at frame x: its filter's response, quantized (src/classifier.h). */
export function classify(classifier: ChromaprintClassifier, image: RollingIntegralImage, x: number): number {
  return quantize(applyFilter(classifier.filter, image, x), classifier.thresholds);
}
