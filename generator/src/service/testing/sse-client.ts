/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a text/event-stream response to its end (the server closes it) and returns its events in order. */
export async function readSse(response: Response, onEvent: (event: SseEvent) => void = () => {}): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length === 0) continue; // a keep-alive comment
      const parsed = { event, data: data.join("\n") };
      events.push(parsed);
      onEvent(parsed);
    }
  }
  return events;
}
