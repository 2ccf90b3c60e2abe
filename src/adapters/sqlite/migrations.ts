/**
 * The SQLite bodies of the shared schema history (src/adapters/storage/migrations). Each runs in
 * its own transaction with its bookkeeping row, so an interrupted migration leaves no trace and
 * runs again cleanly on the next start. Never edit a shipped migration: append a new one there.
 */
import { migrations as shared } from '../storage/migrations/index.js';

export interface Migration { id: string; sql: string }

export const migrations: Migration[] = shared.map((m) => ({ id: m.id, sql: m.sqlite }));
