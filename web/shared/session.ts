/** A date-time in the viewer's zone, from a server instant (never from the browser's clock). */
export const localTime = (iso: string | null | undefined, withDay = true): string => iso
  ? new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', ...(withDay ? { day: 'numeric', month: 'short', weekday: 'short' } : {}) }).format(new Date(iso))
  : '—';
