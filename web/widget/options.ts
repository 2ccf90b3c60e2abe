/** What a host page may configure: the service, the form's fields, prefill, context, texts, events. */
export type FieldType = 'text' | 'tel' | 'email' | 'textarea';

export interface FieldDef {
  /** firstName, lastName, phone, notes and customerId go to the API as such; any other name goes into `context`. */
  name: string;
  label: string;
  type?: FieldType;
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
  hint?: string;
}

export interface HoldlessEvent {
  type: 'opened' | 'submitted' | 'confirmed' | 'cancelled' | 'error' | 'closed';
  at: string;
  serviceId: string | undefined;
  callbackId: string | null;
  /** Where it happened: 'form' (the visitor gave up before confirming) or 'callback' (a confirmed callback was cancelled). */
  stage?: 'form' | 'callback';
  state: { open: boolean; submitting: boolean; confirmed: boolean; cancelled: boolean; scheduled: boolean; asapOffered: boolean; scheduledOffered: boolean };
  counters: { opened: number; submitted: number; confirmed: number; cancelled: number; errors: number };
  elapsedMs: { sinceLoad: number; sinceOpen: number | null; sinceSubmit: number | null };
  error?: { code: string; message: string; fields: { field: string; code: string }[] };
  scheduledFor?: string | null;
}

export interface WidgetOptions {
  service?: string;
  subject?: string;
  fields?: FieldDef[];
  /** Values for signed-in visitors, by field name; `country` preselects the phone country. */
  prefill?: Record<string, string>;
  /** Custom page data added to the callback's context (strings only). */
  context?: Record<string, string>;
  customerId?: string;
  language?: string;
  /** ISO 3166 codes offered in the phone's country list; the service's default country comes first. */
  countries?: string[];
  locale?: string;
  title?: string;
  texts?: Partial<Texts>;
  onEvent?: (e: HoldlessEvent) => void;
}

export const DEFAULT_FIELDS: FieldDef[] = [
  { name: 'firstName', label: 'First name', required: true, autocomplete: 'given-name', maxLength: 100 },
  { name: 'lastName', label: 'Last name', autocomplete: 'family-name', maxLength: 100 },
  { name: 'phone', label: 'Phone number', type: 'tel', required: true, autocomplete: 'tel-national', maxLength: 40 },
  { name: 'notes', label: 'What is it about?', type: 'textarea', maxLength: 1000 },
];

export const DEFAULT_COUNTRIES = ['DE', 'AT', 'CH', 'GB', 'US', 'FR', 'NL', 'BE', 'IT', 'ES', 'PL', 'SE', 'DK', 'IE'];

export const TEXTS = {
  title: 'Request a callback',
  intro: 'Leave your number and we will call you back.',
  when: 'When should we call you?',
  asap: 'As soon as possible',
  later: 'At a time I choose',
  waitAbout: 'Current wait: about {n} min',
  waitShortly: 'We will call you shortly',
  day: 'Day',
  time: 'Time',
  noSlots: 'No free times in the next days.',
  loadingSlots: 'Loading free times…',
  country: 'Country',
  confirm: 'Confirm',
  cancel: 'Cancel',
  close: 'Close',
  sending: 'Sending…',
  required: 'Required',
  confirmedAsap: 'Thank you! We will call you as soon as possible.',
  confirmedAt: 'Thank you! We will call you on {time}.',
  position: 'You are number {n} in line.',
  cancelCallback: 'Cancel my callback',
  cancelledDone: 'Your callback has been cancelled.',
  unavailable: 'Callbacks are not available right now. Please try again later.',
  proposals: 'Free times nearby:',
};
export type Texts = typeof TEXTS;
