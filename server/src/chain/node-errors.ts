/** Reading what a node said when it refused a request: the texts and codes differ between clients. */

/** Every message in an error's cause chain, joined (viem wraps the node's words a few levels deep). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; current && i < 8; i++) {
    if (current instanceof Error) parts.push(current.message);
    else if (typeof current === "object" && "message" in current) parts.push(String((current as { message: unknown }).message));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(" | ") || String(error);
}

/** The node refused the nonce (used already, or out of order). */
export function isNonceError(text: string): boolean {
  return /nonce too low|nonce has already been used|nonce.*(lower|higher) than|invalid nonce|nonce too high/i.test(text);
}

/** The node answered the request with an error (so it did not take the transaction), as opposed to a lost connection. */
export function nodeRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; current && i < 8; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "number" && code !== -1) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
