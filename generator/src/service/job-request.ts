import { checkGenerateParameters, type SamplingParameters } from "../pipeline/generate-parameters.js";
import { InvalidGenerateParametersError } from "../pipeline/pipeline-error.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import { InvalidMidiError } from "../tokenizer/tokenizer-error.js";
import { InvalidJobRequestError } from "./service-error.js";

/** A validated job: which model (a folder name under the service's models folder) and how to generate. */
export interface JobRequest {
  model: string;
  /** Style id among the model's (default: the model's last, the artist it was fine-tuned on). */
  style?: string;
  seconds: number;
  seed: number;
  sampling: SamplingParameters;
  /** A seed prompt: a Standard MIDI File, base64 (a few bars of the artist). */
  promptMidiBase64?: string;
}

/** Model names: a plain folder name, so a request can never reach outside the models folder. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Largest prompt MIDI file accepted, in bytes. */
export const MAX_PROMPT_BYTES = 256 * 1024;
const FIELDS = new Set(["model", "style", "seconds", "seed", "temperature", "topK", "topP", "beamWidth", "prompt"]);

/**
 * The job described by a POST body: `{model, style?, seconds, seed, temperature?, topK?, topP?, beamWidth?, prompt?}`
 * where prompt is a base64 MIDI file.
 *
 * @throws InvalidJobRequestError naming the field at fault.
 */
export function parseJobRequest(body: unknown): JobRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InvalidJobRequestError("the body must be a JSON object like {\"model\": \"name\", \"seconds\": 30, \"seed\": 7}");
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) throw new InvalidJobRequestError(`unknown field "${key}"`);
  if (typeof input.model !== "string" || !MODEL_NAME.test(input.model)) {
    throw new InvalidJobRequestError("model must be the name of a model folder (letters, digits, . _ -; at most 64)");
  }
  const number = (key: string): number | undefined => {
    const v = input[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number") throw new InvalidJobRequestError(`${key} must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const seconds = number("seconds");
  const seed = number("seed");
  if (seconds === undefined) throw new InvalidJobRequestError("seconds is required");
  if (seed === undefined) throw new InvalidJobRequestError("seed is required");
  let checked;
  try {
    checked = checkGenerateParameters({
      seconds,
      seed,
      sampling: { temperature: number("temperature"), topK: number("topK"), topP: number("topP"), beamWidth: number("beamWidth") },
    });
  } catch (error) {
    if (error instanceof InvalidGenerateParametersError) throw new InvalidJobRequestError(error.shortMessage.replace(/^[^:]*: /, ""));
    throw error;
  }
  const request: JobRequest = { model: input.model, ...checked };
  if (input.style !== undefined) {
    if (typeof input.style !== "string" || input.style.length === 0 || input.style.length > 128) {
      throw new InvalidJobRequestError("style must be a style id of the model (a string of 1 to 128 characters)");
    }
    request.style = input.style;
  }
  if (input.prompt !== undefined) {
    if (typeof input.prompt !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(input.prompt)) {
      throw new InvalidJobRequestError("prompt must be a base64 string (a MIDI file)");
    }
    if ((input.prompt.length * 3) / 4 > MAX_PROMPT_BYTES) {
      throw new InvalidJobRequestError(`prompt is larger than ${MAX_PROMPT_BYTES} bytes`);
    }
    // Parsed now, so a broken prompt is a 400 at submission rather than a failed job later.
    try {
      encodeMidi(Buffer.from(input.prompt, "base64"));
    } catch (error) {
      if (error instanceof InvalidMidiError) throw new InvalidJobRequestError(`prompt is not a usable MIDI file (${error.shortMessage})`);
      throw error;
    }
    request.promptMidiBase64 = input.prompt;
  }
  return request;
}
