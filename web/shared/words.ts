/** The system's state and outcome names in words for people (the raw names stay in the raw data). */
export const AGENT_STATE: Record<string, string> = {
  LOGGED_OUT: 'Logged out', NOT_READY: 'Not ready', READY: 'Ready', RESERVED: 'Reserved', ON_CALL: 'On call', WRAP_UP: 'Wrap-up',
};

export const CALLBACK_STATE: Record<string, string> = {
  SCHEDULED: 'Scheduled', QUEUED: 'Waiting in line', RETRY_WAIT: 'Waiting to retry', DIALING: 'Dialling', CONFIRMING: 'Customer answering',
  WAITING_AGENT: 'Answered, waiting for an agent', CONNECTED: 'Talking to an agent', COMPLETED: 'Completed', CANCELLED: 'Cancelled',
  FAILED: 'Failed', EXPIRED: 'Expired',
};

export const OUTCOME: Record<string, string> = {
  PERSON: 'Customer answered', NO_CONFIRM: 'Answered, not confirmed', BUSY: 'Busy', NO_ANSWER: 'No answer', ANSWERING_MACHINE: 'Voicemail',
  FAX: 'Fax machine', SIT: 'Number not in service', REJECTED: 'Rejected', INVALID_NUMBER: 'Invalid number', NETWORK_ERROR: 'Network error',
  UNKNOWN: 'Unknown (interrupted)',
};

export const REASON: Record<string, string> = {
  SUPERVISOR_CANCELLED: 'by a supervisor', CUSTOMER_CANCELLED: 'by the customer', HANGUP: 'call ended', AGENT_ANSWERED: 'agent answered',
};

export const word = (table: Record<string, string>, key: string | null | undefined): string =>
  key ? table[key] ?? key.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : '—';

/** "pageTitle" → "Page title", "contract_no" → "Contract no". */
export const humanKey = (k: string): string =>
  k.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());

/** "de" → "German (de)" in the viewer's language. */
export function languageName(code: string | null): string {
  if (!code) return '—';
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** m:ss or h:mm:ss from milliseconds. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
