import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { DiskUpload } from "./disk-upload.js";
import { MalformedUploadError, UploadTooLargeError } from "./errors.js";
import { sniffAudioFile } from "./sniff-audio-file.js";

/** Caps on one multipart request. */
export interface MultipartLimits {
  /** Largest file, in bytes (HTTP 413 above it). */
  maxFileBytes: number;
  /** Most files in one request. */
  maxFiles: number;
  /** Most non-file fields, and the largest of them in bytes (GraphQL's `operations` and `map` are fields). */
  maxFields: number;
  maxFieldBytes: number;
}

export interface ReceiveMultipartParameters {
  /** The request body, streamed (the Node request, or a fetch body through Readable.fromWeb). */
  body: Readable;
  /** The request's Content-Type header, with its boundary. */
  contentType: string | null | undefined;
  /** Where the temporary files go (created when missing); on the same file system as the data folder, so a move is a rename. */
  dir: string;
  limits: MultipartLimits;
}

export interface ReceivedMultipart {
  fields: Map<string, string>;
  /** By field name; each file already sniffed as audio. */
  files: Map<string, DiskUpload>;
}

/**
 * Streams a multipart/form-data body to disk with busboy: never more than a chunk of a file in memory, each file
 * capped at `maxFileBytes` while it streams (so a body without Content-Length or with a false one is capped too).
 * Every file is then sniffed from its magic bytes (sniffAudioFile). On any failure the files written so far are
 * deleted, the rest of the body is discarded, and the error is thrown: UploadTooLargeError, MalformedUploadError,
 * UnsupportedMediaTypeError or MissingFileError.
 */
export async function receiveMultipart({ body, contentType, dir, limits }: ReceiveMultipartParameters): Promise<ReceivedMultipart> {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) {
    throw new MalformedUploadError(`expected Content-Type multipart/form-data, got ${contentType ? `"${contentType}"` : "none"}`);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + limits.maxFields,
      },
    });
  } catch (error) {
    throw new MalformedUploadError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  await mkdir(dir, { recursive: true });

  const fields = new Map<string, string>();
  const written = new Map<string, { path: string; filename: string | undefined; mimeType: string }>();
  const writes: Promise<unknown>[] = [];
  const streams = new Set<Readable>();
  let failure: Error | undefined;

  const done = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      body.unpipe(parser);
      // End the file streams still open, so their writes settle (busboy, unpiped, would never end them).
      for (const stream of streams) stream.destroy(error);
      // Discard the rest of the body rather than leave the client blocked on a full socket before it reads our answer.
      body.resume();
      reject(error);
    };
    parser.on("file", (name, stream, info) => {
      if (failure || written.has(name)) {
        stream.resume();
        if (!failure) fail(new MalformedUploadError(`the field "${name}" holds more than one file`));
        return;
      }
      const file = path.join(dir, `${randomUUID()}.upload`);
      written.set(name, { path: file, filename: info.filename, mimeType: info.mimeType });
      streams.add(stream);
      stream.on("end", () => streams.delete(stream));
      stream.on("limit", () => fail(new UploadTooLargeError(limits.maxFileBytes)));
      writes.push(pipeline(stream, createWriteStream(file, { flags: "wx", mode: 0o600 })).catch((error: Error) => fail(error)));
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) return fail(new UploadTooLargeError(limits.maxFieldBytes, `the field "${name}"`));
      if (info.nameTruncated) return fail(new MalformedUploadError("a field name is too long"));
      fields.set(name, value);
    });
    parser.on("filesLimit", () => fail(new MalformedUploadError(`more than ${limits.maxFiles} files`)));
    parser.on("fieldsLimit", () => fail(new MalformedUploadError(`more than ${limits.maxFields} fields`)));
    parser.on("partsLimit", () => fail(new MalformedUploadError(`more than ${limits.maxFiles + limits.maxFields} parts`)));
    parser.on("error", (error) => fail(new MalformedUploadError(error instanceof Error ? error.message : String(error), { cause: error })));
    parser.on("close", () => resolve());
    body.on("error", (error) => fail(error));
    body.on("aborted", () => fail(new MalformedUploadError("the client aborted the upload")));
  });

  const removeAll = () => Promise.all([...written.values()].map((f) => rm(f.path, { force: true })));
  try {
    body.pipe(parser);
    await done;
    await Promise.all(writes);
    if (failure) throw failure;
    const files = new Map<string, DiskUpload>();
    for (const [name, f] of written) {
      const sniffed = await sniffAudioFile(f.path);
      const { size } = await stat(f.path);
      files.set(name, new DiskUpload(f.path, f.filename, f.mimeType, size, sniffed.format, sniffed.mediaType));
    }
    return { fields, files };
  } catch (error) {
    await Promise.allSettled(writes);
    await removeAll();
    throw error;
  }
}
