import type { AttemptOutcome } from '../../../domain/model.js';
import type { DigitScript } from './leg.js';

/** What a dialled customer number does. */
export type CustomerBehaviour = Exclude<AttemptOutcome, 'UNKNOWN'>;

export interface CustomerScript {
  behaviour: CustomerBehaviour;
  /** Ringing before answer (or before BUSY/SIT/… is signalled). */
  ringMs?: number;
  /** PERSON: delay after the confirmation prompt before pressing the digit. */
  confirmAfterMs?: number;
  /** PERSON: talk time once bridged, then the customer hangs up. */
  talkMs?: number;
  /** PERSON: hangs up if not bridged to an agent within this time after confirming. */
  patienceMs?: number;
}

export interface AgentScript {
  answers: boolean; // false = ring no answer (RONA)
  ringMs?: number;
}

export interface InboundScript {
  from: string;
  to: string;
  /** Digits pressed, one string per playCollect (undefined = no input). */
  digits?: (string | undefined)[];
  /** Answers each playCollect from its prompts instead (a caller model); `digits` is then unused. */
  respond?: (prompts: string[]) => string | undefined;
  digitDelayMs?: number;
  /** Hangs up after this long on hold. */
  patienceMs?: number;
}

export const DEFAULT_CUSTOMER_MIX: Readonly<Record<CustomerBehaviour, number>> = {
  PERSON: 0.62,
  NO_CONFIRM: 0.05,
  ANSWERING_MACHINE: 0.1,
  BUSY: 0.06,
  NO_ANSWER: 0.09,
  FAX: 0.02,
  SIT: 0.02,
  REJECTED: 0.01,
  INVALID_NUMBER: 0.02,
  NETWORK_ERROR: 0.01,
};

/** SIP final codes the real adapter would see for each behaviour (DESIGN.md call-progress). */
export const SIP_CODE: Readonly<Partial<Record<CustomerBehaviour, number>>> = {
  PERSON: 200,
  NO_CONFIRM: 200,
  ANSWERING_MACHINE: 200,
  FAX: 200,
  BUSY: 486,
  NO_ANSWER: 480,
  REJECTED: 603,
  INVALID_NUMBER: 404,
  NETWORK_ERROR: 503,
  SIT: 183,
};

export type { DigitScript };
