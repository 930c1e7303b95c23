import { graphql } from "../api-client.js";
import { facts, h } from "../dom.js";
import { formatBps, formatDuration, formatWei, shortHex } from "../format.js";

export interface StyleDetails {
  id: string;
  artist: string;
  metadataURI: string | null;
  termsVersion: number | null;
  terms: { fee: string; royaltyBps: number; duration: number; maxTracks: number; commercial: boolean; derivatives: boolean; purchasable: boolean } | null;
  licences: {
    id: string;
    licensee: string;
    expiresAt: string | null;
    maxTracks: number | null;
    royaltyBps: number;
    commercial: boolean;
    derivatives: boolean;
    bySignature: boolean;
    feePaid: string;
    revoked: boolean;
    transactionHash: string | null;
  }[];
  derivatives: { sha256: string; kind: string | null; transactionHash: string | null; registeredAt: string | null }[];
}

export const STYLE_FIELDS = `id artist metadataURI termsVersion
  terms { fee royaltyBps duration maxTracks commercial derivatives purchasable }
  licences { id licensee expiresAt maxTracks royaltyBps commercial derivatives bySignature feePaid revoked transactionHash }
  derivatives { sha256 kind transactionHash registeredAt }`;

/** GraphQL `style(id)`: the style's artist, current terms, licences and derivatives; null when unknown. */
export async function loadStyle(id: string | number): Promise<StyleDetails | null> {
  const data = await graphql<{ style: StyleDetails | null }>(`query($id: ID!) { style(id: $id) { ${STYLE_FIELDS} } }`, { id: String(id) });
  return data.style;
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

/** A monospace hex value, cut for display, full in its title. */
export function hexCode(value: string): HTMLElement {
  return h("code", { title: value }, shortHex(value));
}

export function renderTerms(style: StyleDetails): HTMLElement {
  const t = style.terms;
  if (!t) return h("p", {}, "No terms set.");
  return facts([
    ["Terms version", style.termsVersion ?? "?"],
    ["Fee", formatWei(t.fee)],
    ["Royalty", formatBps(t.royaltyBps)],
    ["Duration", formatDuration(t.duration)],
    ["Max tracks", t.maxTracks === 0 ? "no cap" : t.maxTracks],
    ["Commercial use", yesNo(t.commercial)],
    ["Derivatives", yesNo(t.derivatives)],
    ["Licence on sale", yesNo(t.purchasable)],
  ]);
}

export function renderLicences(style: StyleDetails): HTMLElement {
  if (style.licences.length === 0) return h("p", {}, "No licences granted.");
  const rows = style.licences.map((l) =>
    h(
      "tr",
      { "data-licence-id": l.id },
      h("td", {}, l.id),
      h("td", {}, hexCode(l.licensee)),
      h("td", {}, formatBps(l.royaltyBps)),
      h("td", {}, l.expiresAt ?? "never"),
      h("td", {}, [l.commercial ? "commercial" : "non-commercial", l.derivatives ? "derivatives" : "", l.bySignature ? "signed grant" : `fee ${formatWei(l.feePaid)}`].filter(Boolean).join(", ")),
      h("td", {}, l.revoked ? "revoked" : "active"),
    ),
  );
  return h(
    "table",
    { class: "licences" },
    h("thead", {}, h("tr", {}, ...["Licence", "Licensee", "Royalty", "Expires", "Terms", "State"].map((c) => h("th", {}, c)))),
    h("tbody", {}, ...rows),
  );
}

export function renderDerivatives(style: StyleDetails): HTMLElement {
  if (style.derivatives.length === 0) return h("p", {}, "No registered tracks under this style.");
  return h(
    "ul",
    { class: "derivatives" },
    ...style.derivatives.map((d) =>
      h("li", { "data-sha256": d.sha256 }, hexCode(d.sha256), ` ${(d.kind ?? "").toLowerCase()}`, d.registeredAt ? `, registered ${d.registeredAt}` : ""),
    ),
  );
}

/** A style's card: artist, terms, and optionally its licences and derivatives. */
export function renderStyle(style: StyleDetails, { full }: { full: boolean }): HTMLElement {
  return h(
    "article",
    { class: "style", "data-style-id": style.id },
    h("h4", {}, `Style ${style.id}`),
    facts([
      ["Artist", hexCode(style.artist)],
      ["Metadata", style.metadataURI ?? null],
    ]),
    renderTerms(style),
    full && h("h5", {}, "Licences"),
    full && renderLicences(style),
    full && h("h5", {}, "Registered tracks"),
    full && renderDerivatives(style),
  );
}
