/**
 * Recent refused and failed requests (4xx/5xx answers), kept in a bounded in-memory ring rather
 * than as events: a flood of bad requests must not grow the append-only log (which is the record
 * of callbacks and admin actions), and these are for looking at now, not for reports. A restart
 * forgets them; the request log keeps every answer anyway.
 */
import type { Identity } from '../access/roles.js';
import { maskPhone } from '../access/numbers.js';

export interface Refusal {
  at: number;
  status: number;
  code: string;
  message: string;
  method: string;
  route: string;
  url: string;
  ip: string;
  /** Who asked ('anonymous', a user id, 'key:<id>', 'scraper'). */
  who: string;
}

export class RefusalRing {
  private readonly items: Refusal[] = [];
  constructor(readonly capacity = 500) {}

  record(r: Refusal): void {
    this.items.push(r);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** Newest first. */
  recent(limit: number): Refusal[] {
    return this.items.slice(-limit).reverse();
  }
}

/** Runs of 6+ digits (with an optional +) look like phone numbers: masked for roles that may not see them. */
export const maskNumbersIn = (text: string): string => text.replace(/\+?\d{6,}/g, (m) => maskPhone(m));

export const whoOf = (id: Identity | null | undefined): string => {
  if (!id) return 'anonymous';
  switch (id.kind) {
    case 'user': return id.userId;
    case 'api-key': return `key:${id.keyId}`;
    default: return id.kind;
  }
};
