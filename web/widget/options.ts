/** What a host page may configure: the service, the form's fields, prefill, context, language, texts, events. */
import { texts as EN, type Texts } from './locales/en.js';

export type { Texts } from './locales/en.js';
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
  /** The widget's and the callback's language (en, de, …); default: the visitor's choice, else the service's language. */
  language?: string;
  /** ISO 3166 codes offered in the phone's country list; the service's default country comes first. */
  countries?: string[];
  locale?: string;
  title?: string;
  texts?: Partial<Texts>;
  onEvent?: (e: HoldlessEvent) => void;
}

/** The default form in the widget's language: first name (required), last name, phone (required), notes. */
export const defaultFields = (t: Texts): FieldDef[] => [
  { name: 'firstName', label: t.firstName, required: true, autocomplete: 'given-name', maxLength: 100 },
  { name: 'lastName', label: t.lastName, autocomplete: 'family-name', maxLength: 100 },
  { name: 'phone', label: t.phone, type: 'tel', required: true, autocomplete: 'tel-national', maxLength: 40 },
  { name: 'notes', label: t.notes, type: 'textarea', maxLength: 1000 },
];
export const DEFAULT_FIELDS: FieldDef[] = defaultFields(EN);

export const DEFAULT_COUNTRIES = ['DE', 'AT', 'CH', 'GB', 'US', 'FR', 'NL', 'BE', 'IT', 'ES', 'PL', 'SE', 'DK', 'IE'];

/** The English texts (every locale has the same keys: web/widget/locales/). */
export const TEXTS: Texts = EN;
