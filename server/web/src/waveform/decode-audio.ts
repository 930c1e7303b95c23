/** Decoded audio for drawing: one Float32Array per channel. */
export interface DecodedAudio {
  channels: Float32Array[];
  sampleRate: number;
  durationSeconds: number;
}

/**
 * Decodes a file with the browser's own decoder (WebAudio decodeAudioData). Only the waveform uses it: the verdict
 * is the server's, so a format this browser can't decode still gets checked.
 */
export async function decodeAudio(file: Blob): Promise<DecodedAudio> {
  const bytes = await file.arrayBuffer();
  // An OfflineAudioContext needs no user gesture and plays nothing. decodeAudioData resamples to its rate, which
  // changes the sample count but not the picture.
  const context = new OfflineAudioContext(1, 1, 44_100);
  const buffer = await context.decodeAudioData(bytes);
  const channels: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
  return { channels, sampleRate: buffer.sampleRate, durationSeconds: buffer.duration };
}
