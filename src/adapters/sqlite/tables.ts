/** The typed tables live with the shared schema history; re-exported for the SQLite adapter's imports. */
export type * from '../storage/tables.js';
