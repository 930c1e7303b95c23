import { graphql } from "../api-client.js";
import { h } from "../dom.js";
import { STYLE_FIELDS, renderStyle, type StyleDetails } from "./style-view.js";

/** Style ids asked per GraphQL request (aliases; the server allows 15). */
const BATCH = 10;
/** Styles looked at, at most: the lookup walks every style, so it stops somewhere on a big registry. */
export const MAX_STYLES_SCANNED = 2000;

export class InvalidAddressError extends Error {
  constructor(address: string) {
    super(`"${address}" is not an Ethereum address (0x and 40 hex digits)`);
    this.name = "InvalidAddressError";
  }
}

/** Lowercase 0x address, or InvalidAddressError. */
export function normaliseAddress(input: string): string {
  const address = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InvalidAddressError(address);
  return address.toLowerCase();
}

/**
 * The styles an address registered. The API has `style(id)` but no query by artist, so this walks the ids from 1 (the
 * registry numbers styles 1, 2, 3… with no gaps) in aliased batches until an id is unknown, then loads the artist's
 * styles in full. `scanned` says how far it looked.
 */
export async function findArtistStyles(artist: string): Promise<{ styles: StyleDetails[]; scanned: number; truncated: boolean }> {
  const ids: string[] = [];
  let next = 1;
  for (;;) {
    const batch = Array.from({ length: BATCH }, (_, i) => next + i);
    const query = `{ ${batch.map((id) => `s${id}: style(id: "${id}") { id artist }`).join(" ")} }`;
    const data = await graphql<Record<string, { id: string; artist: string } | null>>(query);
    const found = batch.map((id) => data[`s${id}`] ?? null);
    for (const style of found) if (style && style.artist.toLowerCase() === artist) ids.push(style.id);
    next += BATCH;
    if (found.some((s) => s === null)) return { styles: await loadStyles(ids), scanned: next - BATCH + found.indexOf(null) - 1, truncated: false };
    if (next > MAX_STYLES_SCANNED) return { styles: await loadStyles(ids), scanned: next - 1, truncated: true };
  }
}

async function loadStyles(ids: readonly string[]): Promise<StyleDetails[]> {
  const styles: StyleDetails[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const query = `{ ${batch.map((id) => `s${id}: style(id: "${id}") { ${STYLE_FIELDS} }`).join(" ")} }`;
    const data = await graphql<Record<string, StyleDetails | null>>(query);
    for (const id of batch) {
      const style = data[`s${id}`];
      if (style) styles.push(style);
    }
  }
  return styles;
}

export function renderArtist(container: HTMLElement, artist: string, found: Awaited<ReturnType<typeof findArtistStyles>>): void {
  const summary = `${artist}: ${found.styles.length} style${found.styles.length === 1 ? "" : "s"} among the ${found.scanned} registered${found.truncated ? " looked at (stopped there)" : ""}.`;
  container.replaceChildren(h("p", { id: "artist-summary" }, summary), ...found.styles.map((s) => renderStyle(s, { full: true })));
}
