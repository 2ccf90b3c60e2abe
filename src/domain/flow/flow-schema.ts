import {
  VERBS, VERB_SPECS, type Flow, type FlowNode, type FlowProblem, type NodeArgs, type Verb,
} from './flow-model.js';

/** Resolves a YAML path (e.g. ['nodes','greet','play']) to a 1-based line; the adapter owns the YAML. */
export type LineOf = (path: (string | number)[]) => number;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID_RE = /^[a-z][a-z0-9_-]*$/i;
const DIGITS = '0123456789*#';

/** Schema pass: shape of the file and per-verb fields. Returns the flow (possibly partial) and problems. */
export function parseFlowSchema(raw: unknown, file: string, lineOf: LineOf): { flow?: Flow; problems: FlowProblem[] } {
  const problems: FlowProblem[] = [];
  const at = (path: (string | number)[], message: string, node?: string) =>
    problems.push({ file, line: lineOf(path), node, message });
  if (!isObj(raw)) {
    at([], 'a flow file must be a mapping with id, start, languages and nodes');
    return { problems };
  }
  for (const k of Object.keys(raw)) {
    if (!['id', 'start', 'languages', 'default_language', 'nodes', 'description'].includes(k)) at([k], `unknown key "${k}"`);
  }
  const id = typeof raw.id === 'string' && ID_RE.test(raw.id) ? raw.id : undefined;
  if (!id) at(['id'], 'id must be a name like "main"');
  const start = typeof raw.start === 'string' ? raw.start : undefined;
  if (!start) at(['start'], 'start must name the first node');
  const languages = Array.isArray(raw.languages) && raw.languages.every((l) => typeof l === 'string' && /^[a-z]{2}$/.test(l))
    ? (raw.languages as string[]) : undefined;
  if (!languages || languages.length === 0) at(['languages'], 'languages must be a list of language codes like [en, de]');
  const defaultLanguage = raw.default_language ?? languages?.[0];
  if (typeof defaultLanguage !== 'string' || !languages?.includes(defaultLanguage)) {
    at(['default_language'], 'default_language must be one of languages');
  }
  if (!isObj(raw.nodes) || Object.keys(raw.nodes).length === 0) {
    at(['nodes'], 'nodes must be a mapping of node id to node');
    return { problems };
  }
  const nodes = new Map<string, FlowNode>();
  for (const [nodeId, rawNode] of Object.entries(raw.nodes)) {
    const node = parseNode(nodeId, rawNode, (p, m) => at(['nodes', nodeId, ...p], m, nodeId), lineOf(['nodes', nodeId]));
    if (node) nodes.set(nodeId, node);
  }
  if (!id || !start || !languages || typeof defaultLanguage !== 'string') return { problems };
  return { flow: { id, file, start, languages, defaultLanguage, nodes }, problems };
}

type Report = (path: (string | number)[], message: string) => void;

function parseNode(id: string, raw: unknown, report: Report, line: number): FlowNode | undefined {
  if (!ID_RE.test(id)) report([], `node id "${id}" must start with a letter and use letters, digits, _ or -`);
  if (!isObj(raw)) {
    report([], `node must be a mapping with one verb (${VERBS.join(', ')})`);
    return undefined;
  }
  const verbs = Object.keys(raw).filter((k): k is Verb => (VERBS as readonly string[]).includes(k));
  if (verbs.length !== 1) {
    report([], verbs.length === 0 ? `node has no verb (one of ${VERBS.join(', ')})` : `node has ${verbs.length} verbs (${verbs.join(', ')}); one verb per node`);
    return undefined;
  }
  const verb = verbs[0] as Verb;
  const spec = VERB_SPECS[verb];
  const branches: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === verb) continue;
    if (k === 'choices' && verb === 'menu') continue;
    if (!spec.branches.includes(k)) {
      report([k], `"${k}" is not a branch of ${verb} (allowed: ${[...spec.branches, ...(verb === 'menu' ? ['choices'] : [])].join(', ') || 'none'})`);
    } else if (typeof v !== 'string') report([k], `branch "${k}" must name a node`);
    else branches[k] = v;
  }
  for (const r of spec.required) if (!(r in raw)) report([], `${verb} needs a "${r}" branch`);
  if (verb === 'menu') parseChoices(raw.choices, branches, report);
  const args = parseArgs(verb, raw[verb], (p, m) => report([verb, ...p], m));
  if (verb === 'goto' && args?.verb === 'goto') branches.goto = args.args.target;
  return args ? ({ ...args, id, branches, line } as FlowNode) : undefined;
}

function parseChoices(raw: unknown, branches: Record<string, string>, report: Report): void {
  if (!isObj(raw) || Object.keys(raw).length === 0) {
    report(['choices'], 'menu needs choices: a mapping of digit to node');
    return;
  }
  for (const [digit, target] of Object.entries(raw)) {
    if (digit.length !== 1 || !DIGITS.includes(digit)) report(['choices', digit], `choice "${digit}" must be one key of 0-9, * or #`);
    else if (typeof target !== 'string') report(['choices', digit], `choice "${digit}" must name a node`);
    else branches[`choice:${digit}`] = target;
  }
}

/** Field readers: each reports its own problem and returns a default so parsing continues. */
class Fields {
  constructor(private readonly o: Obj, private readonly report: Report, allowed: string[]) {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) report([k], `unknown field "${k}" (allowed: ${allowed.join(', ') || 'none'})`);
  }
  prompts(k: string, required: boolean): string[] {
    const v = this.o[k];
    if (v === undefined && !required) return [];
    const list = typeof v === 'string' ? [v] : v;
    if (!required && Array.isArray(list) && list.length === 0) return [];
    if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && /^[a-z0-9_]+$/.test(p))) {
      this.report([k], `${k} must be a prompt key or a list of prompt keys (lower case, digits, _)`);
      return [];
    }
    return list as string[];
  }
  num(k: string, def: number, min: number, max: number): number {
    const v = this.o[k];
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.report([k], `${k} must be a number from ${min} to ${max}`);
      return def;
    }
    return v;
  }
  digit(k: string, def: string | undefined): string | undefined {
    const v = this.o[k] === undefined ? def : String(this.o[k]);
    if (v !== undefined && (v.length !== 1 || !DIGITS.includes(v))) this.report([k], `${k} must be one key of 0-9, * or #`);
    return v;
  }
  str(k: string, required: boolean): string | undefined {
    const v = this.o[k];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.length === 0) this.report([k], `${k} must be a non-empty string`);
    return typeof v === 'string' ? v : undefined;
  }
}

function parseArgs(verb: Verb, raw: unknown, report: Report): NodeArgs | undefined {
  if (verb === 'goto') {
    if (typeof raw !== 'string') return report([], 'goto must name a node'), undefined;
    return { verb, args: { target: raw } };
  }
  if ((verb === 'play' || verb === 'hangup') && (typeof raw === 'string' || Array.isArray(raw))) raw = { prompts: raw };
  if (raw === null || raw === undefined) raw = {};
  if (!isObj(raw)) return report([], `${verb} arguments must be a mapping`), undefined;
  if (verb === 'set') return parseSet(raw, report);
  const f = (allowed: string[]) => new Fields(raw as Obj, report, allowed);
  switch (verb) {
    case 'play': return { verb, args: { prompts: f(['prompts']).prompts('prompts', true) } };
    case 'hangup': return { verb, args: { prompts: f(['prompts']).prompts('prompts', false) } };
    case 'say_ewt': case 'hours': case 'request_callback': return { verb, args: { service: f(['service']).str('service', false) } };
    case 'menu': {
      const r = f(['prompts', 'timeout', 'attempts', 'invalid']);
      return { verb, args: { prompts: r.prompts('prompts', true), timeoutSeconds: r.num('timeout', 5, 1, 60), attempts: r.num('attempts', 3, 1, 10), invalid: r.prompts('invalid', false) } };
    }
    case 'gather': {
      const r = f(['prompts', 'min', 'max', 'timeout', 'attempts', 'terminator', 'var', 'invalid']);
      const args = { prompts: r.prompts('prompts', true), min: r.num('min', 1, 1, 32), max: r.num('max', 1, 1, 32), timeoutSeconds: r.num('timeout', 5, 1, 60), attempts: r.num('attempts', 3, 1, 10), terminator: r.digit('terminator', '#') ?? '#', var: r.str('var', true) ?? '', invalid: r.prompts('invalid', false) };
      if (args.min > args.max) report(['min'], 'min must not exceed max');
      return { verb, args };
    }
    case 'offer_callback': {
      const r = f(['service', 'prompts', 'generic', 'accept_digit', 'decline_digit', 'timeout', 'attempts']);
      const args = { service: r.str('service', false), prompts: r.prompts('prompts', true), generic: r.prompts('generic', true), acceptDigit: r.digit('accept_digit', '1') ?? '1', declineDigit: r.digit('decline_digit', '2') ?? '2', timeoutSeconds: r.num('timeout', 5, 1, 60), attempts: r.num('attempts', 2, 1, 10) };
      if (args.acceptDigit === args.declineDigit) report(['decline_digit'], 'accept_digit and decline_digit must differ');
      return { verb, args };
    }
    case 'confirm_number': {
      const r = f(['timeout', 'attempts']);
      return { verb, args: { timeoutSeconds: r.num('timeout', 6, 1, 60), attempts: r.num('attempts', 3, 1, 10) } };
    }
    case 'choose_time': {
      const r = f(['slots', 'timeout', 'attempts']);
      return { verb, args: { slots: r.num('slots', 3, 1, 9), timeoutSeconds: r.num('timeout', 6, 1, 60), attempts: r.num('attempts', 3, 1, 10) } };
    }
    case 'enqueue': {
      const r = f(['service', 'hold', 'ewt_every', 'callback_digit']);
      return { verb, args: { service: r.str('service', false), hold: r.prompts('hold', true), ewtEverySeconds: r.num('ewt_every', 60, 0, 3600), callbackDigit: r.digit('callback_digit', undefined) } };
    }
    case 'transfer': return { verb, args: { to: f(['to']).str('to', true) ?? '' } };
    case 'match_call_in': return parseMatchCallIn(raw, report);
  }
}

function parseMatchCallIn(raw: Obj, report: Report): NodeArgs {
  const r = new Fields(raw, report, ['service', 'prompts', 'invalid', 'attempts', 'timeout', 'by_ani']);
  const byAni = raw.by_ani ?? true;
  if (typeof byAni !== 'boolean') report(['by_ani'], 'by_ani must be true or false');
  return {
    verb: 'match_call_in',
    args: {
      service: r.str('service', false), prompts: r.prompts('prompts', true), invalid: r.prompts('invalid', false),
      attempts: r.num('attempts', 3, 1, 10), timeoutSeconds: r.num('timeout', 8, 1, 60), byAni: byAni === true,
    },
  };
}

function parseSet(raw: Obj, report: Report): NodeArgs | undefined {
  const args: Record<string, string> = {};
  if (Object.keys(raw).length === 0) report([], 'set needs at least one variable');
  for (const [k, v] of Object.entries(raw)) {
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(k)) report([k], `variable name "${k}" must start with a lower-case letter`);
    else if (typeof v !== 'string' && typeof v !== 'number') report([k], `value of ${k} must be a string or number`);
    else args[k] = String(v);
  }
  return { verb: 'set', args };
}
