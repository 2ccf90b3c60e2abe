/** Which identities may see full phone numbers, and the masked form the others get. */
import type { Identity } from './roles.js';

/** Administrators, supervisors and agents work with customers; monitors and developers see masked numbers. */
export function canSeeNumbers(who: Identity): boolean {
  if (who.kind === 'api-key') return true; // server-to-server callers submitted the numbers themselves
  return who.kind === 'user' && (who.role === 'administrator' || who.role === 'supervisor' || who.role === 'agent');
}

/** '+4915112345678' → '+49151•••••78': country and a prefix for orientation, never enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  if (digits.length <= 4) return '•'.repeat(phone.length);
  const head = Math.min(5, Math.max(1, digits.length - 6));
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, head)}${'•'.repeat(digits.length - head - 2)}${digits.slice(-2)}`;
}

/** The number as this identity may see it. */
export const phoneFor = (who: Identity, phone: string): string => (canSeeNumbers(who) ? phone : maskPhone(phone));
