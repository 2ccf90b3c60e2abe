/**
 * Whether a viewer may read customers' phone numbers in full (else they see them masked).
 * The one place that decides it for the supervisor list; the access-control work replaces the
 * rule with its roles. Today the supervisor API is signed in with the admin token only.
 */
export interface Viewer { role: string }

const ROLES_SEEING_NUMBERS: ReadonlySet<string> = new Set(['admin', 'supervisor']);

export function canSeeNumbers(viewer: Viewer): boolean {
  return ROLES_SEEING_NUMBERS.has(viewer.role);
}
