/** Sign-in kept for the browser tab only (sessionStorage), so closing the tab signs out. */
export function loadSession<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}
export const saveSession = (key: string, value: unknown): void => sessionStorage.setItem(key, JSON.stringify(value));
export const clearSession = (key: string): void => sessionStorage.removeItem(key);

/** A date-time in the viewer's zone, from a server instant (never from the browser's clock). */
export const localTime = (iso: string | null | undefined, withDay = true): string => iso
  ? new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', ...(withDay ? { day: 'numeric', month: 'short', weekday: 'short' } : {}) }).format(new Date(iso))
  : '—';
