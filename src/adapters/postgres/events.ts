/**
 * The event log on PostgreSQL, and why appends wait for the end of the batch.
 *
 * events.seq comes from an identity sequence, and a sequence value is taken at INSERT, not at
 * COMMIT: with several nodes, a transaction holding seq 100 can commit after another one holding
 * seq 101. A reader that saw 101 and moved its cursor past it (the notifier's outbox, the metrics
 * tail) would never see 100. So every transaction that appends takes one advisory lock
 * (LOCK.eventOrder) before it inserts, held until COMMIT: seqs are then handed out in commit order.
 *
 * Taking that lock at the first append would hold it while later works of the batch wait for
 * their (service, phone) and slot locks — two nodes could then wait for each other. So appends are
 * buffered and inserted, in order, in one multi-row INSERT right before COMMIT: the event-order
 * lock is the last lock a transaction takes, and no transaction waits for anything while holding it.
 *
 * A write work that READS the log after its appends (read-your-writes) flushes the buffer first;
 * that takes the lock earlier, and the rare cross-node deadlock it can cause is resolved by
 * PostgreSQL (40P01) and the batch's retry of the losing work alone.
 */
import type { DomainEvent, EventLog } from '../../app/ports/store.js';
import { eventRow, toEvent, type EventRow } from '../storage/rows.js';
import { LOCK, type Conn } from './conn.js';

type Row = Omit<EventRow, 'seq'>;
const CHUNK = 1000; // 8 parameters a row, far below PostgreSQL's 65535 per statement

export class EventBuffer {
  /** Appends of the works of this batch that succeeded, not inserted yet. */
  private batch: Row[] = [];
  /** Appends of the running work. */
  private work: Row[] = [];
  /** Batch rows inserted during the running work: if it rolls back, so do they, and they return. */
  private flushedInWork: Row[] = [];

  add(e: DomainEvent): void { this.work.push(eventRow(e)); }
  beginWork(): void { this.work = []; this.flushedInWork = []; }
  endWork(ok: boolean): void {
    if (ok) this.batch.push(...this.work);
    else this.batch = [...this.flushedInWork, ...this.batch];
    this.work = [];
    this.flushedInWork = [];
  }
  get pending(): number { return this.batch.length + this.work.length; }

  /** Inserts everything held back, in order, under the event-order lock. */
  async flush(conn: Conn): Promise<void> {
    const rows = [...this.batch, ...this.work];
    if (rows.length === 0) return;
    await conn.lock(LOCK.eventOrder, '');
    for (let i = 0; i < rows.length; i += CHUNK) await conn.run(conn.q.insertInto('events').values(rows.slice(i, i + CHUNK)));
    this.flushedInWork.push(...this.batch);
    this.batch = [];
    this.work = [];
  }
}

export const eventLog = (c: Conn): EventLog => {
  const settled = async () => { if (c.events && c.events.pending > 0) await c.events.flush(c); };
  return {
    append: async (e) => {
      if (c.events) c.events.add(e);
      else throw new Error('events.append outside a write');
    },
    forCallback: async (id) => {
      await settled();
      return (await c.all(c.q.selectFrom('events').selectAll().where('callback_id', '=', id).orderBy('seq'))).map(toEvent);
    },
    between: async (from, to, afterSeq = 0, limit = 10_000) => {
      await settled();
      return (await c.all(
        c.q.selectFrom('events').selectAll().where('at', '>=', from).where('at', '<', to).where('seq', '>', afterSeq).orderBy('seq').limit(limit),
      )).map(toEvent);
    },
  };
};

/** For other repositories that read the log (outbox, queue counts): read-your-writes there too. */
export const settleEvents = async (c: Conn): Promise<void> => {
  if (c.events && c.events.pending > 0) await c.events.flush(c);
};
