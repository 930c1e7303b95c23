import type { CheckMatch, CheckRecord, CheckResponse } from "../check-response.js";
import { facts, h } from "../dom.js";
import { formatProbability, formatSeconds } from "../format.js";
import type { DecodedAudio } from "../waveform/decode-audio.js";
import { drawTrackLane, drawWaveform } from "../waveform/draw-waveform.js";
import { clipSpanInTrack, computePeaks } from "../waveform/peaks.js";
import { hexCode, loadStyle, renderStyle } from "./style-view.js";

const VERDICTS: Record<CheckResponse["aiGenerated"], string> = {
  yes: "AI-generated",
  no: "Not AI-generated (as far as this registry knows)",
  unknown: "Unknown",
};

const WIDTH = 800;

function watermarkSection(result: CheckResponse): HTMLElement {
  const w = result.watermark;
  if (!w) return h("p", { class: "watermark" }, "Watermark: not searched (no key, or audio too short or quiet).");
  if (!w.detected) return h("p", { class: "watermark" }, "Watermark: none of this server's keys detected one.");
  return h(
    "div",
    { class: "watermark", "data-detected": "true" },
    h("h4", {}, "Watermark detected"),
    facts([
      ["Key", w.keyId ?? null],
      ["Payload", w.payload ? h("code", {}, w.payload) : null],
      ["False-positive probability", h("span", { class: "fpp" }, formatProbability(w.falsePositiveProbability))],
      ["Scheme", w.scheme ?? null],
    ]),
  );
}

/** The link to this server's IPFS gateway route for a CID (raw block: the manifest is one; the audio's root is a dag-pb node). */
function ipfsLink(cid: string): HTMLAnchorElement {
  return h("a", { href: `/ipfs/${encodeURIComponent(cid)}?format=raw`, class: "cid", title: cid }, cid);
}

function recordFacts(record: CheckRecord): HTMLElement {
  return facts([
    ["Kind", record.kind],
    ["Registered", record.registered ? "on-chain" : `not yet (ingest ${record.status})`],
    ["Transaction", record.transactionHash ? h("code", { class: "tx" }, record.transactionHash) : null],
    ["Block", record.blockNumber ? h("span", { class: "block" }, record.blockNumber) : null],
    ["Registrant", record.registrant ? hexCode(record.registrant) : null],
    ["Manifest CID", record.manifestCid ? ipfsLink(record.manifestCid) : null],
    ["Audio CID", record.cid ? ipfsLink(record.cid) : null],
    ["Style", record.styleId ? String(record.styleId) : null],
    ["Licence", record.licenceId ? String(record.licenceId) : null],
    ["Parents", record.parents.length ? record.parents.join(", ") : null],
  ]);
}

function matchSection(match: CheckMatch, record: CheckRecord | undefined, clipSeconds: number): HTMLElement {
  const lane = h("canvas", { class: "lane", width: String(WIDTH), height: "18" });
  const span = clipSpanInTrack(match.offsetSeconds, clipSeconds, record?.durationSeconds ?? null);
  drawTrackLane(lane, span);
  return h(
    "article",
    { class: "match", "data-sha256": match.sha256 },
    h("h4", {}, "Match ", hexCode(match.sha256)),
    h(
      "p",
      {},
      `The clip starts at ${formatSeconds(match.offsetSeconds)} of this track; ${match.matchedSeconds.toFixed(1)} s of it aligned ` +
        `(score ${match.score.toFixed(3)}, p-value ${formatProbability(match.pValue)}).`,
    ),
    lane,
    record ? recordFacts(record) : h("p", {}, "This server holds no record of the track."),
  );
}

/**
 * Renders the server's answer: the verdict with its reasons, the watermark evidence, the clip's waveform (from the
 * browser's decode, when it could), each match as a lane over the matched track, the records, and the style's terms.
 */
export function renderCheck(container: HTMLElement, result: CheckResponse, audio: DecodedAudio | Error): void {
  const waveform = h("canvas", { id: "waveform", width: String(WIDTH), height: "120" });
  const waveformNote =
    audio instanceof Error
      ? h("p", { class: "note" }, `This browser could not decode the file for a waveform (${audio.message}); the server's analysis is below.`)
      : null;
  if (!(audio instanceof Error)) drawWaveform(waveform, computePeaks(audio.channels, WIDTH));

  const recordsBySha = new Map(result.records.map((r) => [r.sha256, r]));
  const exact = recordsBySha.get(result.sha256);
  const styleSlot = h("div", { id: "style-terms" });
  const parts: (Node | null | undefined)[] = [
    h("p", { id: "verdict", class: `verdict verdict-${result.aiGenerated}`, "data-verdict": result.aiGenerated }, VERDICTS[result.aiGenerated]),
    h("ul", { class: "reasons" }, ...result.reasons.map((r) => h("li", {}, r))),
    facts([
      ["File", hexCode(result.sha256)],
      ["Format", result.format],
      ["Duration", formatSeconds(result.durationSeconds)],
    ]),
    watermarkSection(result),
    h("h3", {}, "Waveform"),
    waveform,
    waveformNote,
    h("h3", {}, `Matches (${result.matches.length})`),
    result.matches.length === 0 ? h("p", {}, "No registered track matches this audio.") : null,
    ...result.matches.map((m) => matchSection(m, recordsBySha.get(m.sha256), result.durationSeconds)),
    exact && !result.matches.some((m) => m.sha256 === exact.sha256) ? h("div", {}, h("h3", {}, "This exact file's record"), recordFacts(exact)) : null,
    result.style ? h("h3", {}, `Made under style ${result.style.styleId}, licence ${result.style.licenceId}`) : null,
    styleSlot,
  ];
  container.replaceChildren(...parts.filter((p): p is Node => p instanceof Node));
  container.hidden = false;
  if (result.style) void fillStyle(styleSlot, result.style.styleId);
}

async function fillStyle(slot: HTMLElement, styleId: number): Promise<void> {
  slot.textContent = "Loading the style's terms…";
  try {
    const style = await loadStyle(styleId);
    slot.replaceChildren(style ? renderStyle(style, { full: false }) : h("p", {}, `Style ${styleId} is not indexed yet.`));
  } catch (error) {
    slot.replaceChildren(h("p", { class: "error" }, `Could not load style ${styleId}: ${error instanceof Error ? error.message : String(error)}`));
  }
}
