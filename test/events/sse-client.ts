/** One frame of a text/event-stream, as a client parses it (https://html.spec.whatwg.org/#event-stream-interpretation). */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: number;
  readonly comments: string[];
}

/** A real HTTP client on an event stream: Node's fetch reading the body, a small SSE parser on top. */
export interface EventStreamClient {
  readonly status: number;
  readonly contentType: string | null;
  /** Every frame received so far, comments and `retry:` included. */
  readonly frames: SseFrame[];
  /** Resolves with the next frame that carries data (an event), waiting as long as it takes. */
  nextEvent(): Promise<SseFrame & { data: string }>;
  /** Resolves with the next frame that holds a comment (the heartbeat). */
  nextComment(): Promise<string>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Disconnects. */
  close(): void;
  /** The body of a refused request (problem+json). */
  json(): Promise<unknown>;
}

function parseFrame(block: string): SseFrame {
  const frame: { id?: string; event?: string; data?: string; retry?: number; comments: string[] } = {
    comments: [],
  };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    else if (field === 'retry') frame.retry = Number(value);
  }
  return frame;
}

/** Opens `url` as an event stream (with the given headers) and parses frames as they arrive. */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const frames: SseFrame[] = [];
  let consumed = 0;
  let wake: (() => void) | undefined;
  let finished = false;

  const ended = (async () => {
    if (!response.ok || !response.body) {
      finished = true;
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true }).replaceAll('\r\n', '\n');
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          frames.push(parseFrame(buffer.slice(0, boundary)));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
        }
        wake?.();
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      finished = true;
      wake?.();
    }
  })();

  async function next<T>(pick: (frame: SseFrame) => T | undefined): Promise<T> {
    for (;;) {
      while (consumed < frames.length) {
        const frame = frames[consumed] as SseFrame;
        consumed += 1;
        const picked = pick(frame);
        if (picked !== undefined) return picked;
      }
      if (finished) throw new Error('the event stream ended');
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }

  const client: EventStreamClient = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    frames,
    nextEvent: () =>
      next((frame) => (frame.data === undefined ? undefined : (frame as SseFrame & { data: string }))),
    nextComment: () => next((frame) => frame.comments[0]),
    ended,
    close: () => abort.abort(),
    json: () => response.json(),
  };
  return client;
}
