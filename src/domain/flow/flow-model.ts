/**
 * IVR flow model (flows/*.yaml). One verb per node, explicit branches, nodes by id.
 * The YAML shape of a node is `{ <verb>: <args>, <branch>: <node id>, ... }`.
 */

export const VERBS = [
  'play', 'say_ewt', 'menu', 'gather', 'hours', 'offer_callback', 'confirm_number', 'choose_time',
  'request_callback', 'enqueue', 'set', 'goto', 'transfer', 'hangup', 'match_call_in',
] as const;
export type Verb = (typeof VERBS)[number];

export interface PlayArgs { prompts: string[] }
export interface SayEwtArgs { service?: string }
export interface MenuArgs { prompts: string[]; timeoutSeconds: number; attempts: number; invalid: string[] }
export interface GatherArgs {
  prompts: string[]; min: number; max: number; timeoutSeconds: number; attempts: number;
  terminator: string; var: string; invalid: string[];
}
export interface ServiceArgs { service?: string }
export interface OfferArgs {
  service?: string; prompts: string[]; generic: string[]; acceptDigit: string; declineDigit: string;
  timeoutSeconds: number; attempts: number;
}
export interface ConfirmNumberArgs { timeoutSeconds: number; attempts: number }
export interface ChooseTimeArgs { slots: number; timeoutSeconds: number; attempts: number }
export interface EnqueueArgs { service?: string; hold: string[]; ewtEverySeconds: number; callbackDigit?: string }
export interface TransferArgs { to: string }
/** Click-To-Call-In: match the caller by ANI (byAni), else ask for the access code. */
export interface MatchCallInArgs {
  service?: string; prompts: string[]; invalid: string[]; attempts: number; timeoutSeconds: number; byAni: boolean;
}
export interface HangupArgs { prompts: string[] }
export type SetArgs = Record<string, string>;

export type NodeArgs =
  | { verb: 'play'; args: PlayArgs }
  | { verb: 'say_ewt'; args: SayEwtArgs }
  | { verb: 'menu'; args: MenuArgs }
  | { verb: 'gather'; args: GatherArgs }
  | { verb: 'hours'; args: ServiceArgs }
  | { verb: 'offer_callback'; args: OfferArgs }
  | { verb: 'confirm_number'; args: ConfirmNumberArgs }
  | { verb: 'choose_time'; args: ChooseTimeArgs }
  | { verb: 'request_callback'; args: ServiceArgs }
  | { verb: 'enqueue'; args: EnqueueArgs }
  | { verb: 'set'; args: SetArgs }
  | { verb: 'goto'; args: { target: string } }
  | { verb: 'transfer'; args: TransferArgs }
  | { verb: 'hangup'; args: HangupArgs }
  | { verb: 'match_call_in'; args: MatchCallInArgs };

export type FlowNode = NodeArgs & {
  id: string;
  /** Branch name → node id. `choices` of a menu are flattened as `choice:<digit>`. */
  branches: Record<string, string>;
  line: number;
};

export interface Flow {
  id: string;
  file: string;
  start: string;
  languages: string[];
  defaultLanguage: string;
  nodes: Map<string, FlowNode>;
}

/** Which branches a verb may have; `required` ones must be present. */
export interface VerbSpec {
  branches: readonly string[];
  required: readonly string[];
  /** Collects caller input (breaks "loops without input"). */
  input: boolean;
  /** Prompt keys the verb plays on its own, beyond the ones named in the flow. */
  builtinPrompts: readonly string[];
}

export const NUMBER_PROMPTS: readonly string[] = [
  ...Array.from({ length: 21 }, (_, i) => `num_${i}`),
  'num_30', 'num_40', 'num_50', 'num_60', 'num_70', 'num_80', 'num_90', 'and',
];
export const EWT_PROMPTS = ['ewt_intro', 'minute', 'minutes', ...NUMBER_PROMPTS] as const;
export const TIME_PROMPTS = [
  'oclock', 'day_today', 'day_tomorrow', 'day_mon', 'day_tue', 'day_wed', 'day_thu', 'day_fri', 'day_sat',
  'day_sun', ...NUMBER_PROMPTS,
] as const;
export const NUMBER_READBACK_PROMPTS = ['plus', ...NUMBER_PROMPTS] as const;

export const VERB_SPECS: Record<Verb, VerbSpec> = {
  play: { branches: ['next'], required: ['next'], input: false, builtinPrompts: [] },
  say_ewt: { branches: ['next'], required: ['next'], input: false, builtinPrompts: EWT_PROMPTS },
  menu: { branches: ['fail'], required: ['fail'], input: true, builtinPrompts: [] },
  gather: { branches: ['next', 'fail'], required: ['next', 'fail'], input: true, builtinPrompts: [] },
  hours: { branches: ['open', 'closed', 'holiday'], required: ['open', 'closed'], input: false, builtinPrompts: [] },
  offer_callback: {
    branches: ['queue', 'accept'], required: ['queue', 'accept'], input: true, builtinPrompts: EWT_PROMPTS,
  },
  confirm_number: {
    branches: ['next', 'fail'], required: ['next', 'fail'], input: true,
    builtinPrompts: ['number_intro', 'number_confirm', 'number_enter', 'number_invalid', ...NUMBER_READBACK_PROMPTS],
  },
  choose_time: {
    branches: ['next', 'fail'], required: ['next', 'fail'], input: true,
    builtinPrompts: [
      'time_menu', 'time_option', 'time_pick', 'time_enter', 'time_closest', 'time_confirm', 'time_none',
      ...TIME_PROMPTS,
    ],
  },
  request_callback: {
    branches: ['next', 'fail'], required: ['next', 'fail'], input: false,
    builtinPrompts: ['callback_registered', 'callback_failed', 'callback_asap', 'callback_at', ...TIME_PROMPTS],
  },
  enqueue: { branches: ['callback', 'fail'], required: ['fail'], input: true, builtinPrompts: EWT_PROMPTS },
  set: { branches: ['next'], required: ['next'], input: false, builtinPrompts: [] },
  goto: { branches: [], required: [], input: false, builtinPrompts: [] },
  transfer: { branches: ['next'], required: ['next'], input: false, builtinPrompts: [] },
  hangup: { branches: [], required: [], input: false, builtinPrompts: [] },
  // timeout (no digits at all) is optional: without it, silence takes the invalid branch.
  match_call_in: { branches: ['matched', 'invalid', 'timeout'], required: ['matched', 'invalid'], input: true, builtinPrompts: [] },
};

/** A problem found while loading flows, reported as `file:line node: message`. */
export interface FlowProblem { file: string; line: number; node?: string; message: string }

export const formatProblem = (p: FlowProblem): string =>
  `${p.file}:${p.line}${p.node ? ` ${p.node}` : ''}: ${p.message}`;

/** Variables the runtime knows about; `set` may also create custom ones. */
export const RESERVED_VARS = ['language', 'service', 'phone', 'slotStart', 'queuedSince', 'callbackId', 'callInId'] as const;
