/** "1.2e-9", or "< 1e-300" for a probability that underflowed to 0. */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "n/a";
  if (p === 0) return "< 1e-300";
  return p >= 0.001 ? p.toPrecision(3) : p.toExponential(1);
}

/** Basis points as a percentage: 500 -> "5%". */
export function formatBps(bps: number): string {
  return `${Number((bps / 100).toFixed(2))}%`;
}

/** A wei amount (decimal string) in ETH, exactly: "1500000000000000000" -> "1.5 ETH". */
export function formatWei(wei: string): string {
  const value = BigInt(wei);
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return `${whole}${fraction ? `.${fraction}` : ""} ETH`;
}

/** Seconds as m:ss.s (75.4 -> "1:15.4"). */
export function formatSeconds(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  // Round once, to tenths, so 59.97 reads 1:00.0 and not 0:60.0.
  const tenths = Math.round(Math.abs(seconds) * 10);
  const minutes = Math.floor(tenths / 600);
  const rest = ((tenths - minutes * 600) / 10).toFixed(1).padStart(4, "0");
  return `${sign}${minutes}:${rest}`;
}

/** A licence duration in seconds; 0 means perpetual. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "perpetual";
  const days = seconds / 86_400;
  return days >= 1 && Number.isInteger(days) ? `${days} days` : `${seconds} s`;
}

/** A long hex string cut for display; the full value stays in the element's title. */
export function shortHex(hex: string, keep = 10): string {
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-keep + 2)}`;
}
