/**
 * The polling loop: a short setInterval tick runs the due work (DESIGN.md: no long setTimeout;
 * due work is polled from the database). Ticks never overlap; a failing tick is logged and the
 * next one runs as usual.
 */
export interface Tickable {
  tick(): Promise<unknown>;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  /** Runs one tick now (tests, simulator); waits for a tick in progress first. */
  tickNow(): Promise<void>;
}

export function createPoller(target: Tickable, opts: { intervalMs: number; onError: (e: unknown) => void }): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (running) return running;
    running = target.tick().then(
      () => undefined,
      (e: unknown) => opts.onError(e),
    ).finally(() => { running = undefined; });
    return running;
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => void run(), opts.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    async tickNow() {
      if (running) await running;
      await run();
    },
  };
}
