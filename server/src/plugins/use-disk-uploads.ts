import { Readable } from "node:stream";
import type { Plugin } from "graphql-yoga";
import type { DiskUpload } from "../http/upload/disk-upload.js";
import { MalformedUploadError } from "../http/upload/errors.js";
import { receiveMultipart, type MultipartLimits } from "../http/upload/receive-multipart.js";

export interface DiskUploadsOptions {
  /** Where the temporary files go. */
  dir: string;
  limits: MultipartLimits;
}

/** The GraphQL parameters a multipart request carries in its `operations` field. */
interface GraphQLParams {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/**
 * The GraphQL multipart request spec (https://github.com/jaydenseric/graphql-multipart-request-spec) with files
 * streamed to disk: yoga's own multipart parser buffers each file in memory, this one streams it through busboy into
 * a temporary file under the size cap, sniffs its type from its bytes, and puts a DiskUpload where the `map` says.
 * Every temporary file of the request is deleted once the response is sent (a consumer that keeps one, the ingest
 * pipeline, moves it away first). Use with `multipart: false` in createYoga.
 */
export function useDiskUploads({ dir, limits }: DiskUploadsOptions): Plugin {
  const uploadsOf = new WeakMap<Request, DiskUpload[]>();
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== "POST" || !/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return;
      setRequestParser(async (limited) => {
        if (!limited.body) throw new MalformedUploadError("the request has no body");
        const { fields, files } = await receiveMultipart({
          // Readable.from, not fromWeb: the body may be whatwg-node's ponyfill stream, which is async-iterable but not native.
          body: Readable.from(limited.body as unknown as AsyncIterable<Uint8Array>),
          contentType: limited.headers.get("content-type"),
          dir,
          limits,
        });
        uploadsOf.set(request, [...files.values()]);
        return bindFiles(fields, files);
      });
    },
    onResponse({ request }) {
      const uploads = uploadsOf.get(request);
      if (uploads) void Promise.all(uploads.map((u) => u.discard()));
    },
  };
}

/** Parses `operations` and `map` and puts each file at its paths (`variables.file`, `0.variables.files.1`). */
function bindFiles(fields: Map<string, string>, files: Map<string, DiskUpload>): GraphQLParams {
  const operationsText = fields.get("operations");
  if (operationsText === undefined) throw new MalformedUploadError('the multipart body has no "operations" field');
  const operations = parseJson(operationsText, "operations");
  if (typeof operations !== "object" || operations === null || Array.isArray(operations)) {
    throw new MalformedUploadError('"operations" must be one GraphQL request object (batching is off)');
  }
  const mapText = fields.get("map");
  const map = mapText === undefined ? {} : parseJson(mapText, "map");
  if (typeof map !== "object" || map === null || Array.isArray(map)) throw new MalformedUploadError('"map" must be an object');
  for (const [field, paths] of Object.entries(map as Record<string, unknown>)) {
    const file = files.get(field);
    if (!file) throw new MalformedUploadError(`"map" names the file field "${field}", which the body does not hold`);
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== "string")) {
      throw new MalformedUploadError(`"map.${field}" must be an array of object paths`);
    }
    for (const path of paths as string[]) setPath(operations as Record<string, unknown>, path, file);
  }
  return operations as GraphQLParams;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedUploadError(`"${field}" is not valid JSON`, { cause: error });
  }
}

/** Sets `value` at a dotted path that must lead into `variables`, refusing prototype keys. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  if (keys[0] !== "variables" || keys.length < 2) throw new MalformedUploadError(`the map path "${path}" does not point into variables`);
  let node: Record<string, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw new MalformedUploadError(`the map path "${path}" is not allowed`);
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (typeof next !== "object" || next === null) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (last === "__proto__" || last === "constructor" || last === "prototype") throw new MalformedUploadError(`the map path "${path}" is not allowed`);
  node[last] = value;
}
