/**
 * Published numbers of other audio watermarks (BENCHMARKS.md, "Watermark anchors (published)"). They cannot run here
 * (model weights, Python): the table quotes them as reference lines, never as measurements of this run.
 */
export interface PublishedAnchor {
  system: string;
  condition: string;
  detected?: string;
  message?: string;
  ber?: string;
  snrDb?: string;
  source: string;
}

const AUDIOSEAL_THIRD_PARTY = "third-party test on 24 clips (16-bit message, 16 kHz), BENCHMARKS.md";

export const PUBLISHED_ANCHORS: readonly PublishedAnchor[] = [
  { system: "AudioSeal", condition: "mp3-128k", detected: "100%", source: AUDIOSEAL_THIRD_PARTY },
  { system: "AudioSeal", condition: "noise-20db", detected: "33%", source: AUDIOSEAL_THIRD_PARTY },
  { system: "AudioSeal", condition: "time-stretch 0.9x", detected: "8%", source: AUDIOSEAL_THIRD_PARTY },
  { system: "AudioSeal", condition: "pitch +/-2 st", detected: "0%", source: AUDIOSEAL_THIRD_PARTY },
  { system: "AudioSeal", condition: "crop to 25%", detected: "71%", message: "4%", source: AUDIOSEAL_THIRD_PARTY },
  { system: "AudioSeal", condition: "SNR of the marked audio", snrDb: "27.6", source: "AudioSeal paper" },
  { system: "AudioSeal", condition: "aac-64k, cropping", detected: "breaks (user reports)", source: "user reports, BENCHMARKS.md" },
  { system: "WavMark", condition: "mean over 10 attacks", ber: "0.48%", snrDb: "> 38", source: "WavMark paper (32 bit/s: 16 sync + 16 payload; PESQ 4.3)" },
  { system: "audiowmark", condition: "MP3 / Ogg >= 128 kbps; speed 0.8-1.25 with a search", detected: "survives", source: "audiowmark documentation (128-bit payload)" },
];
