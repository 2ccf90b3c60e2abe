/** Follows the append-only event log and prints one short line per callback event. */
import type { Store, StoredEvent } from '../../app/ports/store.js';

const short = (id: string | undefined) => (id ? id.slice(-8) : '-');
const hhmmss = (t: number) => new Date(t).toTimeString().slice(0, 8);

export function describe(e: StoredEvent): string | undefined {
  const d = e.data ?? {};
  const cb = `callback …${short(e.callbackId)}`;
  switch (e.type) {
    case 'CALLBACK_CREATED':
      return `requested   ${cb} ${e.serviceId} (${String(d['subjectId'] ?? 'no subject')}, ${String(d['channel'])})`;
    case 'ATTEMPT_CLAIMED':
      return `dialled     ${cb} attempt ${String(d['attempt'] ?? d['number'] ?? '?')}${e.agentId ? ` for agent ${e.agentId}` : ''}`;
    case 'ATTEMPT_ENDED':
      return `outcome     ${cb} attempt ${String(d['attempt'])}: ${String(d['outcome'])}`;
    case 'DISPOSITION':
      return `disposition agent ${e.agentId}: ${String(d['code'])}`;
    case 'CALLBACK_STATE':
      if (e.toState === 'CONNECTED') return `connected   ${cb} to agent ${e.agentId}`;
      if (e.toState === 'COMPLETED') return `completed   ${cb}`;
      if (e.toState === 'RETRY_WAIT') return `retry later ${cb} (${String(d['reason'])})`;
      if (e.toState === 'FAILED' || e.toState === 'EXPIRED' || e.toState === 'CANCELLED') return `${e.toState.toLowerCase().padEnd(11)} ${cb} (${String(d['reason'])})`;
      return undefined;
    default:
      return undefined;
  }
}

export interface EventTail { poll(): Promise<number>; counts: Record<string, number> }

export function eventTail(store: Store, from: number, print: (line: string) => void): EventTail {
  let afterSeq = 0;
  const counts: Record<string, number> = {};
  return {
    counts,
    async poll() {
      const events = await store.read(async (tx) => await tx.events.between(from, Number.MAX_SAFE_INTEGER, afterSeq, 500));
      for (const e of events) {
        afterSeq = e.seq;
        const line = describe(e);
        if (!line) continue;
        const kind = line.split(' ')[0]!;
        counts[kind] = (counts[kind] ?? 0) + 1;
        print(`${hhmmss(e.at)}  ${line}`);
      }
      return events.length;
    },
  };
}
