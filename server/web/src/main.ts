import { ApiError, postCheck } from "./api-client.js";
import { loadApiKey, saveApiKey } from "./api-key-store.js";
import { byId } from "./dom.js";
import { findArtistStyles, normaliseAddress, renderArtist } from "./views/artist-view.js";
import { renderCheck } from "./views/check-view.js";
import { decodeAudio } from "./waveform/decode-audio.js";

const apiKeyInput = byId<HTMLInputElement>("api-key");
const dropZone = byId("drop-zone");
const fileInput = byId<HTMLInputElement>("file-input");
const checkStatus = byId("check-status");
const checkResult = byId("check-result");

/** Larger files are still checked, but not decoded here for a picture: a browser tab would hold all their samples. */
const MAX_DRAWN_BYTES = 64 * 1024 * 1024;

function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 403) return `Refused (${error.code}): ${error.message}. An API key with the "check" scope is needed.`;
    return `${error.code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function setStatus(element: HTMLElement, text: string, kind: "busy" | "error" | "done"): void {
  element.textContent = text;
  element.dataset.state = kind;
}

apiKeyInput.value = loadApiKey();
apiKeyInput.addEventListener("change", () => saveApiKey(apiKeyInput.value));

async function check(file: File): Promise<void> {
  saveApiKey(apiKeyInput.value);
  setStatus(checkStatus, `Checking ${file.name} (${(file.size / 1024).toFixed(0)} KiB)…`, "busy");
  checkResult.hidden = true;
  // The server's answer and the browser's decode for the picture run side by side; a decode failure is only a note.
  const picture = file.size <= MAX_DRAWN_BYTES ? decodeAudio(file) : Promise.reject(new Error(`over ${MAX_DRAWN_BYTES >> 20} MiB, not drawn`));
  const [answer, audio] = await Promise.allSettled([postCheck(file, file.name, apiKeyInput.value.trim()), picture]);
  if (answer.status === "rejected") {
    setStatus(checkStatus, describe(answer.reason), "error");
    return;
  }
  renderCheck(checkResult, answer.value, audio.status === "fulfilled" ? audio.value : new Error(describe(audio.reason)));
  setStatus(checkStatus, `Checked ${file.name}.`, "done");
}

fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file) void check(file);
  fileInput.value = "";
});
// The drop zone is focusable: Enter or Space opens the file chooser, for keyboards.
dropZone.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" && event.key !== " ") return;
  event.preventDefault();
  fileInput.click();
});
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("over");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("over");
  const file = event.dataTransfer?.files[0];
  if (file) void check(file);
  else setStatus(checkStatus, "Drop a file (not text or a link).", "error");
});

const artistStatus = byId("artist-status");
const artistResult = byId("artist-result");
byId<HTMLFormElement>("artist-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void (async () => {
    artistResult.replaceChildren();
    try {
      const artist = normaliseAddress(byId<HTMLInputElement>("artist-address").value);
      setStatus(artistStatus, "Looking up…", "busy");
      renderArtist(artistResult, artist, await findArtistStyles(artist));
      setStatus(artistStatus, "", "done");
    } catch (error) {
      setStatus(artistStatus, describe(error), "error");
    }
  })();
});
