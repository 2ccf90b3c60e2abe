/**
 * The simulator's scenario file: a day of arrivals, callers and agents. YAML, validated by a
 * TypeBox schema (Ajv) and cross-checked against the config; every problem at once, with its line.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import { HoldlessError } from '../../domain/errors.js';
import type { AppConfig } from '../../adapters/config/types.js';
import { lineOf, parseYaml, type YamlSource } from '../../adapters/config/yaml-source.js';

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Positive = Type.Number({ exclusiveMinimum: 0 });
const OUTCOMES = ['PERSON', 'NO_CONFIRM', 'BUSY', 'NO_ANSWER', 'ANSWERING_MACHINE', 'FAX', 'SIT', 'REJECTED', 'INVALID_NUMBER', 'NETWORK_ERROR'] as const;

const ServiceLoad = Type.Object({
  /** Mean arrivals per local hour ("08" → 150), Poisson within the hour. */
  callsPerHour: Type.Record(Type.String({ pattern: '^([01][0-9]|2[0-3])$' }), Type.Number({ minimum: 0 }), { additionalProperties: false }),
  /** Talk time: lognormal with this mean and coefficient of variation (cv 0 = fixed). */
  talkSeconds: Type.Object({ mean: Positive, cv: Type.Number({ minimum: 0, default: 1 }) }, { additionalProperties: false }),
  /** Mean caller patience on hold (exponential). */
  patienceSeconds: Positive,
  /** Share of callers offered a callback who accept it. */
  callbackTakeUp: Type.Number({ minimum: 0, maximum: 1 }),
  /** Of those who accept, the share who pick a time slot in the flow (choose_time "2": one of the slots read out) instead of "as soon as possible". */
  scheduledShare: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
}, { additionalProperties: false });

const AgentGroup = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]+$' }),
  count: Type.Integer({ minimum: 1, maximum: 2000 }),
  skills: Type.Record(Type.String({ minLength: 1 }), Type.Integer({ minimum: 1, maximum: 10 })),
  groups: Type.Array(Type.String(), { default: [] }),
  shift: Type.Object({ from: HHMM, to: HHMM }, { additionalProperties: false }),
}, { additionalProperties: false });

export const ScenarioSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  /** A local date (in the services' calendar zone) on which the services are open. */
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  seed: Type.Integer({ default: 1 }),
  serviceLevelSeconds: Type.Integer({ minimum: 1, default: 20 }),
  tickSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 60, default: 1 }),
  /** Keep simulating this long after the last shift ends, so open work settles. */
  drainMinutes: Type.Integer({ minimum: 0, default: 30 }),
  agentRingSeconds: Type.Number({ minimum: 0, default: 2 }),
  previewAcceptSeconds: Type.Number({ minimum: 0, default: 5 }),
  /** Call-progress outcome mix of callback dials (weights); the driver's default mix when omitted. */
  callProgress: Type.Optional(Type.Partial(Type.Record(Type.Union(OUTCOMES.map((o) => Type.Literal(o))), Type.Number({ minimum: 0 })))),
  services: Type.Record(Type.String(), ServiceLoad, { minProperties: 1 }),
  agents: Type.Array(AgentGroup, { minItems: 1 }),
}, { additionalProperties: false });

export type Scenario = Static<typeof ScenarioSchema>;
export interface ScenarioProblem { line: number; path: string; message: string }

let validate: ReturnType<Ajv['compile']> | undefined;

/** Parses and validates scenario text; throws HoldlessError('SCENARIO_INVALID') listing every problem. */
export function parseScenario(text: string, file: string, config?: AppConfig): Scenario {
  const { source, syntax } = parseYaml(text);
  if (syntax.length > 0) fail(file, syntax.map((s) => ({ line: s.line, path: '', message: s.message })));
  const data: unknown = source.doc.toJS() ?? {};
  validate ??= new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(ScenarioSchema);
  if (!validate(data)) fail(file, (validate.errors ?? []).map((e) => schemaProblem(source, e)));
  const scenario = data as Scenario;
  const problems = crossCheck(scenario, config).map(([path, message]) => ({ line: lineOf(source, path), path: path.join('.'), message }));
  if (problems.length > 0) fail(file, problems);
  return scenario;
}

export function loadScenario(file: string, config?: AppConfig): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HoldlessError('SCENARIO_NOT_FOUND', `cannot read scenario ${file}: ${(e as Error).message}`, { file });
  }
  return parseScenario(text, file, config);
}

function schemaProblem(source: YamlSource, e: ErrorObject): ScenarioProblem {
  const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String(e.params['missingProperty']));
  if (e.keyword === 'additionalProperties') path.push(String(e.params['additionalProperty']));
  const last = path.at(-1);
  const message = e.keyword === 'required' ? 'is required'
    : e.keyword === 'additionalProperties' && path.includes('callsPerHour') ? 'hours are two digits, "00" to "23"'
    : e.keyword === 'additionalProperties' ? 'unknown key'
      : e.keyword === 'pattern' && (last === 'from' || last === 'to') ? 'must be a time HH:MM'
        : e.keyword === 'pattern' && last === 'date' ? 'must be a date YYYY-MM-DD'
          : e.message ?? e.keyword;
  return { line: lineOf(source, path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))), path: path.join('.'), message };
}

type Problem = [(string | number)[], string];

function crossCheck(s: Scenario, config: AppConfig | undefined): Problem[] {
  const out: Problem[] = [];
  if (Number.isNaN(Date.parse(`${s.date}T12:00:00Z`))) out.push([['date'], 'is not a calendar date']);
  const ids = new Set<string>();
  s.agents.forEach((g, i) => {
    if (g.shift.from >= g.shift.to) out.push([['agents', i, 'shift'], 'shift must end after it starts (same day)']);
    if (ids.has(g.id)) out.push([['agents', i, 'id'], `duplicate agent group id '${g.id}'`]);
    ids.add(g.id);
  });
  const weights = Object.values(s.callProgress ?? {}) as (number | undefined)[];
  if (s.callProgress && !weights.some((w) => (w ?? 0) > 0)) out.push([['callProgress'], 'needs at least one positive weight']);
  if (!config) return out;
  const services = new Set(config.services.map((x) => x.id));
  for (const id of Object.keys(s.services)) {
    if (!services.has(id)) out.push([['services', id], `unknown service '${id}' (config has: ${[...services].join(', ')})`]);
  }
  return out;
}

function fail(file: string, problems: ScenarioProblem[]): never {
  const lines = problems.map((p) => `  ${file}:${p.line}  ${p.path || '(file)'}: ${p.message}`);
  throw new HoldlessError('SCENARIO_INVALID', `scenario ${file} is invalid:\n${lines.join('\n')}`, { problems });
}
