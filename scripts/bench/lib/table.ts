/** Prints rows as an aligned text table (first column left-aligned, the rest right-aligned). */
export function printTable(headers: string[], rows: (string | number)[][], log: (line: string) => void = console.log): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const [n, row] of cells.entries()) {
    log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
    if (n === 0) log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/** The q-quantile (0..1) of numbers, by linear interpolation; NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
