/** The ordered schema history of holdless, shared by the SQLite and PostgreSQL adapters. */
import type { Migration } from './migration.js';
import { m001 } from './001-initial.js';
import { m002 } from './002-queue-engine.js';
import { m003 } from './003-settings.js';
import { m004 } from './004-phone-bindings.js';
import { m005 } from './005-call-ins.js';
import { m006 } from './006-outbox-deliveries.js';
import { m007 } from './007-cluster.js';

export type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
