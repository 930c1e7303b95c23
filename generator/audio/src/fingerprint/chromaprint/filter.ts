import type { ChromaprintFilter } from "./chromaprint-config.js";
import type { RollingIntegralImage } from "./rolling-integral-image.js";

/** log((1 + a) / (1 + b)): how Chromaprint compares the two halves of a filter (SubtractLog). */
function subtractLog(a: number, b: number): number {
  return Math.log((1.0 + a) / (1.0 + b));
}

/**
 * The response of a Haar-like filter at frame x (src/filter.h, src/filter_utils.h). Rows are frames (time), columns
 * pitch classes; the filter covers frames [x, x + width) and classes [y, y + height).
 *   0: the whole box        1: upper half vs lower half (pitch)      2: later half vs earlier half (time)
 *   3: checkerboard         4: middle third vs outer thirds (pitch)  5: middle third vs outer thirds (time)
 */
export function applyFilter(f: ChromaprintFilter, image: RollingIntegralImage, x: number): number {
  const { y, width: w, height: h } = f;
  switch (f.type) {
    case 0:
      return subtractLog(image.area(x, y, x + w, y + h), 0);
    case 1: {
      const h2 = h >>> 1;
      return subtractLog(image.area(x, y + h2, x + w, y + h), image.area(x, y, x + w, y + h2));
    }
    case 2: {
      const w2 = w >>> 1;
      return subtractLog(image.area(x + w2, y, x + w, y + h), image.area(x, y, x + w2, y + h));
    }
    case 3: {
      const w2 = w >>> 1;
      const h2 = h >>> 1;
      const a = image.area(x, y + h2, x + w2, y + h) + image.area(x + w2, y, x + w, y + h2);
      const b = image.area(x, y, x + w2, y + h2) + image.area(x + w2, y + h2, x + w, y + h);
      return subtractLog(a, b);
    }
    case 4: {
      const h3 = Math.trunc(h / 3);
      const a = image.area(x, y + h3, x + w, y + 2 * h3);
      const b = image.area(x, y, x + w, y + h3) + image.area(x, y + 2 * h3, x + w, y + h);
      return subtractLog(a, b);
    }
    case 5: {
      const w3 = Math.trunc(w / 3);
      const a = image.area(x + w3, y, x + 2 * w3, y + h);
      const b = image.area(x, y, x + w3, y + h) + image.area(x + 2 * w3, y, x + w, y + h);
      return subtractLog(a, b);
    }
  }
}
