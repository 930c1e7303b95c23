/**
 * The integral image of the last `maxRows` chroma vectors (src/utils/rolling_integral_image.h): row r holds, for each
 * column c, the sum of all values in rows <= r and columns <= c, so any rectangle sums in four lookups. Rows live in a
 * ring buffer; the sums keep accumulating over the whole stream, in the same order as Chromaprint's (bit-exactness
 * depends on it).
 */
export class RollingIntegralImage {
  readonly columns: number;
  readonly #maxRows: number;
  readonly #data: Float64Array;
  #rows = 0;

  constructor(columns: number, maxRows: number) {
    this.columns = columns;
    this.#maxRows = maxRows + 1;
    this.#data = new Float64Array(this.#maxRows * columns);
  }

  get rows(): number {
    return this.#rows;
  }

  reset(): void {
    this.#rows = 0;
  }

  addRow(row: Float64Array): void {
    const columns = this.columns;
    const data = this.#data;
    const at = (this.#rows % this.#maxRows) * columns;
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      sum += row[c]!;
      data[at + c] = sum;
    }
    if (this.#rows > 0) {
      const last = ((this.#rows - 1) % this.#maxRows) * columns;
      for (let c = 0; c < columns; c++) data[at + c] = data[last + c]! + data[at + c]!;
    }
    this.#rows++;
  }

  /** Sum over rows [r1, r2) and columns [c1, c2). */
  area(r1: number, c1: number, r2: number, c2: number): number {
    if (r1 === r2 || c1 === c2) return 0.0;
    const data = this.#data;
    const columns = this.columns;
    const maxRows = this.#maxRows;
    const row2 = ((r2 - 1) % maxRows) * columns;
    if (r1 === 0) {
      return c1 === 0 ? data[row2 + c2 - 1]! : data[row2 + c2 - 1]! - data[row2 + c1 - 1]!;
    }
    const row1 = ((r1 - 1) % maxRows) * columns;
    if (c1 === 0) return data[row2 + c2 - 1]! - data[row1 + c2 - 1]!;
    return data[row2 + c2 - 1]! - data[row1 + c2 - 1]! - data[row2 + c1 - 1]! + data[row1 + c1 - 1]!;
  }
}
