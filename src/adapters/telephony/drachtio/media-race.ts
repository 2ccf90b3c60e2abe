/**
 * fsmrf media calls have no timeout and can hang forever when the channel is gone
 * (telephony-notes §2.8). Every call is raced against the leg ending and a timer.
 */
export type Raced<T> = { kind: 'done'; value: T } | { kind: 'hangup' } | { kind: 'timeout' } | { kind: 'error'; detail: string };

export interface EndSignal {
  readonly ended: boolean;
  /** Resolves when the leg ends. */
  readonly whenEnded: Promise<void>;
}

export async function raceMedia<T>(op: () => Promise<T>, leg: EndSignal, timeoutMs: number): Promise<Raced<T>> {
  if (leg.ended) return { kind: 'hangup' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Raced<T>>((resolve) => { timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs); });
  const hangup = leg.whenEnded.then((): Raced<T> => ({ kind: 'hangup' }));
  let work: Promise<Raced<T>>;
  try {
    work = op().then(
      (value): Raced<T> => ({ kind: 'done', value }),
      (err: unknown): Raced<T> => (leg.ended ? { kind: 'hangup' } : { kind: 'error', detail: String((err as Error)?.message ?? err) }),
    );
  } catch (err) {
    work = Promise.resolve({ kind: 'error', detail: String(err) });
  }
  try {
    return await Promise.race([work, hangup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export { bounded } from '../../system/bounded.js';
