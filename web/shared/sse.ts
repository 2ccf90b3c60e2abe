/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header). Reconnects with
 * a growing delay until stopped; reports 'live' / 'reconnecting' to show in the page.
 */
export interface SseEvent { event: string; data: string; id?: string }
export interface SseOptions {
  url: string;
  token: string;
  onEvent: (e: SseEvent) => void;
  onStatus?: (s: 'live' | 'reconnecting' | 'stopped', detail?: string) => void;
}

export function subscribe({ url, token, onEvent, onStatus }: SseOptions): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let delay = 500;
  const run = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        // Without a token the page's session cookie authenticates (same origin).
        const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        const res = await fetch(url, { headers: { ...auth, accept: 'text/event-stream' }, credentials: 'same-origin', signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onStatus?.('live');
        delay = 500;
        await read(res.body, onEvent);
      } catch (e) {
        if (stopped) break;
        onStatus?.('reconnecting', (e as Error).message);
      }
      if (stopped) break;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
    onStatus?.('stopped');
  };
  void run();
  return () => { stopped = true; controller?.abort(); };
}

async function read(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const e = parseBlock(block);
      if (e) onEvent(e);
    }
  }
}

export function parseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  return data.length ? { event, data: data.join('\n'), id } : undefined;
}
