import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IndexClosedError, IndexCorruptError, IndexFormatError, IndexTrackExistsError } from "../errors/index-error.js";
import { frameRate, LANDMARK_CONFIGS, type LandmarkConfig } from "../fingerprint/landmarks/landmark-config.js";
import { landmarksOfMono, resolveLandmarkConfig, workingSignal } from "../fingerprint/landmarks/landmarks.js";
import { pcmDuration, type Pcm } from "../pcm.js";
import { ConfigIndex } from "./config-index.js";
import { Searcher, type SearchCandidate } from "./search.js";
import { createLog, SegmentLog, writeFileAtomic, type LogScanReport } from "./segment-log.js";
import {
  decodeAddRecord,
  decodeRemoveRecord,
  encodeAddRecord,
  encodeRemoveRecord,
  RECORD_ADD,
  RECORD_REMOVE,
  type TrackFingerprint,
} from "./track-record.js";

export const INDEX_META_FILE = "soundmark-index.json";
export const INDEX_LOG_FILE = "landmarks.log";
const FORMAT = "soundmark-landmark-index";
const FORMAT_VERSION = 1;

/** The configurations a new index fingerprints with. */
export const DEFAULT_INDEX_CONFIGS: readonly string[] = ["pairs_v1", "triplets_v1"];

export interface OpenIndexOptions {
  /** Configurations of a new index (ignored when the directory already holds one). */
  configs?: readonly string[];
  /** Cut the log at the first damaged record instead of refusing to open (the records after it are lost). */
  repair?: boolean;
}

export interface AddTrackMeta {
  /** Where the audio came from (reported with matches). */
  path?: string;
  /** Replace a track of the same id instead of throwing IndexTrackExistsError. */
  replace?: boolean;
}

export interface QueryOptions {
  /** Matches returned at most (5). */
  maxMatches?: number;
  /**
   * Largest chance (p-value) accepted for a match: the probability that audio unrelated to every indexed track aligns
   * as many hashes as the match did on some track. 1e-6 by default.
   */
  falseMatchRate?: number;
  /** Configurations searched (all of the index's by default). */
  configs?: readonly string[];
  /** Also return candidates that fail `falseMatchRate` (they never clear `noMatch`). */
  includeWeak?: boolean;
  /**
   * Search every configuration even when an earlier one already found a decisive full-length match at unit speed
   * (by default the triplet search, the costlier one, is skipped then, and such a match reports speed and pitch 1).
   */
  exhaustive?: boolean;
  /**
   * Postings read at most per configuration (pairs 200,000, triplets 400,000): the query's most specific hashes
   * first. Bounds the latency of a large index; common hashes left out mostly add chance hits (measured at 10,000
   * tracks: a budget ten times larger lost 3% of speed/pitch identifications, one half as large lost 6% of pitch).
   */
  postingBudget?: number;
  /** Speeds searched by the triplet configuration, as reference seconds per query second ([0.8, 1.25]). */
  minSpeed?: number;
  maxSpeed?: number;
}

export interface QueryMatch {
  id: string;
  path?: string;
  /** Time-aligned hashes of the deciding configuration. */
  score: number;
  /** Where in the track the query starts, in track seconds. */
  offsetSeconds: number;
  /** Span of the aligned hashes, in query seconds. */
  matchedSeconds: number;
  /** Query speed relative to the track (1.03: plays 3% fast), from the triplet configuration. */
  speedFactor?: number;
  /** Query pitch relative to the track (2^(1/12): a semitone up), from the triplet configuration. */
  pitchFactor?: number;
  /** Chance of an alignment this strong from unrelated audio (see `falseMatchRate`). */
  pValue: number;
  /** Configuration whose alignment decided the match. */
  config: string;
}

export interface QueryResult {
  /** Best first. */
  matches: QueryMatch[];
  noMatch: boolean;
  /** 1 - pValue of the best match (0 when there is none). */
  confidence: number;
}

export interface IndexedTrack {
  id: string;
  path: string | undefined;
  durationSeconds: number;
  /** Configurations (with versions) of the stored fingerprints. */
  configs: string[];
}

export interface OpenReport {
  /** Created by this open. */
  created: boolean;
  log: LogScanReport;
}

interface TrackEntry extends IndexedTrack {
  index: number;
  offset: number;
  bytes: number;
}

interface IndexMeta {
  format: string;
  version: number;
  configs: string[];
}

/**
 * A landmark index on disk: a directory with `soundmark-index.json` (format and configurations) and `landmarks.log`
 * (checksummed append-only records: add a track with its fingerprints, remove a track). Opening reads the log into
 * in-memory hash -> postings tables; `add` and `remove` append one durable record each; `compact` rewrites the log
 * without removed tracks. One process writes an index at a time. All methods are synchronous.
 *
 * @example
 * const index = SoundmarkIndex.open("./db");
 * index.add("songs/a.flac", pcm, { path: "songs/a.flac" });
 * const { matches, noMatch } = index.query(excerpt);
 * index.close();
 */
export class SoundmarkIndex {
  readonly dir: string;
  readonly configs: readonly LandmarkConfig[];
  #openReport: OpenReport = { created: false, log: { records: 0, bytes: 0, truncatedBytes: 0, reason: undefined } };
  #log: SegmentLog | undefined;
  #indexes: Map<string, ConfigIndex>;
  #tracks: Array<TrackEntry | undefined> = [];
  #byId = new Map<string, TrackEntry>();
  #deadBytes = 0;
  #searcher = new Searcher();

  private constructor(dir: string, configs: LandmarkConfig[]) {
    this.dir = dir;
    this.configs = configs;
    this.#indexes = new Map(configs.map((c) => [c.name, new ConfigIndex(c)]));
  }

  /**
   * Opens the index in `dir`, creating it (and the directory) when absent.
   *
   * @throws IndexFormatError when the directory holds something else or an unsupported format version.
   * @throws IndexCorruptError when a file is damaged (a torn last write is cut off and reported in `openReport`).
   */
  static open(dir: string, options: OpenIndexOptions = {}): SoundmarkIndex {
    const metaPath = join(dir, INDEX_META_FILE);
    const logPath = join(dir, INDEX_LOG_FILE);
    let created = false;
    if (!existsSync(metaPath)) {
      if (existsSync(dir) && readdirSync(dir).some((name) => !name.endsWith(".tmp"))) {
        throw new IndexFormatError(dir, `no ${INDEX_META_FILE} in a non-empty directory`);
      }
      mkdirSync(dir, { recursive: true });
      const configs = [...(options.configs ?? DEFAULT_INDEX_CONFIGS)];
      configs.forEach((name) => resolveLandmarkConfig(name));
      createLog(logPath);
      const meta: IndexMeta = { format: FORMAT, version: FORMAT_VERSION, configs };
      writeFileAtomic(metaPath, new TextEncoder().encode(`${JSON.stringify(meta, null, 2)}\n`));
      created = true;
    }
    const meta = readMeta(dir, metaPath);
    if (!existsSync(logPath)) throw new IndexCorruptError(logPath, undefined, "the log file is missing");
    const index = new SoundmarkIndex(
      dir,
      meta.configs.map((name) => resolveLandmarkConfig(name)),
    );
    const { log, report } = SegmentLog.open(
      logPath,
      (record) => {
        if (record.type === RECORD_ADD) index.#load(decodeAddRecord(record.payload, logPath, record.offset), record);
        else if (record.type === RECORD_REMOVE) {
          index.#unload(decodeRemoveRecord(record.payload, logPath, record.offset), record.bytes);
        } else throw new IndexCorruptError(logPath, record.offset, `unknown record type ${record.type}`);
      },
      { repair: options.repair },
    );
    index.#log = log;
    for (const configIndex of index.#indexes.values()) configIndex.merge();
    index.#openReport = { created, log: report };
    return index;
  }

  /** What opening found: whether it created the index, and the log's scan (records read, torn bytes cut). */
  get openReport(): OpenReport {
    return this.#openReport;
  }

  /** Live tracks. */
  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The live tracks, in the order they were added. */
  list(): IndexedTrack[] {
    return [...this.#byId.values()]
      .sort((a, b) => a.index - b.index)
      .map(({ id, path, durationSeconds, configs }) => ({ id, path, durationSeconds, configs: [...configs] }));
  }

  /** Postings per configuration (including removed tracks' until they are merged away) and the log's size. */
  stats(): { tracks: number; postings: Record<string, number>; logBytes: number } {
    const postings: Record<string, number> = {};
    for (const [name, ci] of this.#indexes) postings[name] = ci.size;
    return { tracks: this.size, postings, logBytes: this.#openLog().size };
  }

  /**
   * Fingerprints `pcm` with every configuration of the index and stores it under `id`.
   *
   * @throws IndexTrackExistsError when `id` is present and `meta.replace` is not set.
   */
  add(id: string, pcm: Pcm, meta: AddTrackMeta = {}): void {
    const log = this.#openLog();
    if (this.#byId.has(id) && !meta.replace) throw new IndexTrackExistsError(id);
    const signals = new Map<string, Float32Array>();
    const fingerprints: TrackFingerprint[] = this.configs.map((config) => {
      const lm = landmarksOfMono(signalFor(signals, pcm, config), config, "reference");
      return { config: config.name, frames: lm.frames, hashes: lm.hashes, times: lm.times, extras: lm.extras };
    });
    const record = { id, path: meta.path, durationSeconds: pcmDuration(pcm), fingerprints };
    const at = log.append(RECORD_ADD, encodeAddRecord(record));
    this.#load(record, at);
  }

  /** Removes the track `id` (a durable tombstone; `compact` reclaims the space). Returns whether it was present. */
  remove(id: string): boolean {
    const log = this.#openLog();
    if (!this.#byId.has(id)) return false;
    const at = log.append(RECORD_REMOVE, encodeRemoveRecord(id));
    this.#unload(id, at.bytes);
    if (this.#deadBytes > log.size / 2 && log.size > 1 << 20) this.compact();
    return true;
  }

  /** Rewrites the log without removed tracks and tombstones (atomically), and drops their postings from memory. */
  compact(): void {
    const live = [...this.#byId.values()].sort((a, b) => a.offset - b.offset);
    const { log, offsets } = this.#openLog().rewrite(live);
    live.forEach((entry, i) => (entry.offset = offsets[i]!));
    this.#log = log;
    this.#deadBytes = 0;
    for (const ci of this.#indexes.values()) ci.merge();
  }

  /**
   * Identifies an excerpt: the indexed tracks whose landmarks align with the query's far beyond chance, best first.
   * `noMatch` is true when no track passes `falseMatchRate`.
   */
  query(pcm: Pcm, options: QueryOptions = {}): QueryResult {
    this.#openLog();
    const alpha = options.falseMatchRate ?? 1e-6;
    const maxMatches = options.maxMatches ?? 5;
    const names = options.configs ?? this.configs.map((c) => c.name);
    const searched = names
      .map((name) => this.#indexes.get(name))
      .filter((ci) => ci !== undefined)
      .sort((a, b) => (a.config.kind === b.config.kind ? 0 : a.config.kind === "pairs" ? -1 : 1));
    const correction = Math.log10(Math.max(1, searched.length));
    const logAlpha = Math.log10(alpha);
    const signals = new Map<string, Float32Array>();
    const perTrack = new Map<number, SearchCandidate[]>();
    const unitSpeed = new Set<number>();
    for (const ci of searched) {
      if (unitSpeed.size > 0 && !options.exhaustive) break;
      const lm = landmarksOfMono(signalFor(signals, pcm, ci.config), ci.config, "query");
      if (lm.count === 0) continue;
      const rate = frameRate(ci.config);
      const { candidates } = this.#searcher.search(lm, ci, this.#tracks.length, {
        candidates: 24,
        tolerance: ci.config.kind === "triplets" ? Math.max(1, Math.round(0.032 * rate)) : 1,
        background: Math.round(2 * rate),
        postingBudget: options.postingBudget ?? (ci.config.kind === "pairs" ? 200_000 : 400_000),
        minScale: options.minSpeed ?? 0.8,
        maxScale: options.maxSpeed ?? 1.25,
      });
      for (const c of candidates) {
        c.log10p = Math.min(0, c.log10p + correction);
        const list = perTrack.get(c.track);
        if (list) list.push(c);
        else perTrack.set(c.track, [c]);
        // Decisive at unit speed: far beyond the threshold, aligned over most of the query (a speed change of even
        // 1% drifts out of a pair alignment's band within a few seconds).
        const a = c.alignment;
        if (ci.config.kind === "pairs" && c.log10p <= logAlpha - 6 && a.last - a.first >= 0.7 * lm.frames) {
          unitSpeed.add(c.track);
        }
      }
    }
    const matches: Array<QueryMatch & { log10p: number }> = [];
    for (const [track, list] of perTrack) {
      const entry = this.#tracks[track];
      if (!entry) continue;
      list.sort((a, b) => a.log10p - b.log10p);
      const best = list[0]!;
      if (best.log10p > logAlpha && !options.includeWeak) continue;
      const config = this.#indexes.get(best.config)!.config;
      const rate = frameRate(config);
      const a = best.alignment;
      const match: QueryMatch & { log10p: number } = {
        id: entry.id,
        score: best.count,
        offsetSeconds: a.offset / rate,
        matchedSeconds: Math.max(0, a.last - a.first) / rate,
        pValue: 10 ** best.log10p,
        config: best.config,
        log10p: best.log10p,
      };
      if (entry.path !== undefined) match.path = entry.path;
      const scaled = list.find((c) => c.log10p <= logAlpha && this.#indexes.get(c.config)!.config.kind === "triplets");
      if (scaled) {
        const tc = this.#indexes.get(scaled.config)!.config;
        match.speedFactor = scaled.alignment.scale;
        match.pitchFactor = 2 ** (scaled.alignment.pitchHalfBins / 2 / tc.spectrogram.binsPerOctave);
      } else if (unitSpeed.has(track)) {
        match.speedFactor = 1;
        match.pitchFactor = 1;
      }
      matches.push(match);
    }
    matches.sort((a, b) => a.log10p - b.log10p || b.score - a.score);
    const top = matches.slice(0, maxMatches).map(({ log10p: _, ...m }) => m);
    const significant = top.length > 0 && top[0]!.pValue <= alpha;
    return { matches: top, noMatch: !significant, confidence: significant ? 1 - top[0]!.pValue : 0 };
  }

  /** Closes the log. Further calls throw IndexClosedError. */
  close(): void {
    this.#log?.close();
    this.#log = undefined;
  }

  #openLog(): SegmentLog {
    if (!this.#log) throw new IndexClosedError();
    return this.#log;
  }

  #load(record: { id: string; path: string | undefined; durationSeconds: number; fingerprints: TrackFingerprint[] }, at: { offset: number; bytes: number }): void {
    const previous = this.#byId.get(record.id);
    if (previous) this.#unload(record.id, 0);
    const index = this.#tracks.length;
    const entry: TrackEntry = {
      id: record.id,
      path: record.path,
      durationSeconds: record.durationSeconds,
      configs: [],
      index,
      offset: at.offset,
      bytes: at.bytes,
    };
    for (const fp of record.fingerprints) {
      const ci = this.#indexes.get(fp.config);
      if (!ci) continue;
      ci.add(index, fp);
      entry.configs.push(fp.config);
    }
    this.#tracks.push(entry);
    this.#byId.set(record.id, entry);
  }

  #unload(id: string, tombstoneBytes: number): void {
    const entry = this.#byId.get(id);
    this.#deadBytes += tombstoneBytes;
    if (!entry) return;
    for (const name of entry.configs) this.#indexes.get(name)?.remove(entry.index);
    this.#deadBytes += entry.bytes;
    this.#tracks[entry.index] = undefined;
    this.#byId.delete(id);
  }
}

/** The working signal of `pcm` for a configuration, shared by configurations with the same rate and resampler. */
function signalFor(cache: Map<string, Float32Array>, pcm: Pcm, config: LandmarkConfig): Float32Array {
  const key = `${config.spectrogram.sampleRate}/${config.spectrogram.resampleQuality}`;
  let mono = cache.get(key);
  if (!mono) {
    mono = workingSignal(pcm, config.spectrogram);
    cache.set(key, mono);
  }
  return mono;
}

function readMeta(dir: string, path: string): IndexMeta {
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new IndexCorruptError(path, undefined, "unreadable metadata", { cause: error });
  }
  const m = meta as Partial<IndexMeta>;
  if (m.format !== FORMAT) throw new IndexFormatError(dir, `${INDEX_META_FILE} is not a ${FORMAT}`);
  if (m.version !== FORMAT_VERSION) throw new IndexFormatError(dir, `unsupported format version ${String(m.version)}`);
  if (!Array.isArray(m.configs) || m.configs.length === 0 || m.configs.some((c) => !Object.hasOwn(LANDMARK_CONFIGS, c))) {
    throw new IndexFormatError(dir, `unknown configurations ${JSON.stringify(m.configs)}`);
  }
  return m as IndexMeta;
}
