/**
 * JSON Schema (as @fastify/swagger prints it) → fast-check arbitraries. `valid` aims inside the
 * schema (seeded with known ids so requests get past the first lookup); `loose` replaces any node
 * by a hostile value now and then; `hostile` is what a fuzzer throws at a field.
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown> & {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; enum?: unknown[]; const?: unknown; nullable?: boolean;
  format?: string; pattern?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number;
  minItems?: number; maxItems?: number; additionalProperties?: boolean | Schema;
};

/** Dates a parser might trip on: leap second, 30 February, year 0, far future, odd offsets, no offset. */
export const ODD_DATES = [
  '2026-12-31T23:59:60Z', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z', '1970-01-01T00:00:00+14:00', '2026-06-01T10:00:00.123456789Z', '2026-06-01T10:00:00-23:59',
  '+275760-09-13T00:00:00Z', '2026-06-01', '2026-06-01T10:00:00', '1900-01-01T00:00:00Z', '2026-11-23T24:00:00Z',
];
/** Dates an RFC 3339 validator accepts but date code may not: leap second, far years, extreme offsets. */
export const EDGE_DATES = [
  '2026-12-31T23:59:60Z', '2026-06-30T23:59:60Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z',
  '2026-11-23T10:00:00+14:00', '2026-11-23T10:00:00-12:00', '2026-11-23T10:00:00.999999Z', '2026-03-29T02:30:00+01:00', '2026-11-23t10:00:00z',
];
/** The leap second is issue 11's fault; the fuzz test recognises it by this. */
export const LEAP_SECOND = /T\d\d:\d\d:60/;

const ODD_STRINGS = [
  '', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '../../etc/passwd', '%00', '\u0000', '\uFEFF',
  "'; DROP TABLE callbacks; --", '<script>alert(1)</script>', '😀👩‍👩‍👧‍👦', '\u202Eevil', 'Ω≈ç√∫˜µ≤', 'null', 'undefined', 'NaN', '-1',
  '1e309', '+', '+000000000000000000000000000', '+49 30 1234567890123456789', '%zz', '\\', '*', '?', '#', 'a'.repeat(300),
];
const ODD_NUMBERS = [-1, -0, 0.5, -2_147_483_649, 2 ** 53 + 1, 1e21, 1e308, -1e308, Number.MIN_VALUE];

export function hostile(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, [], {}, [null], { a: 1 }, 'x'.repeat(20_000)),
    fc.constantFrom<unknown>(...ODD_STRINGS, ...ODD_DATES, ...ODD_NUMBERS),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer(), fc.double(),
  );
}

/** Known good strings (ids, numbers, codes); bySegment: the ids of a collection by its path segment. */
export interface Pools { strings: string[]; bySegment?: Record<string, string[]>; byName?: Record<string, string[]>; minimal?: boolean }
type Child = (s: Schema, name?: string) => fc.Arbitrary<unknown>;

function dateTime(): fc.Arbitrary<string> {
  const min = Date.parse('2026-11-20T00:00:00Z');
  return fc.tuple(fc.integer({ min: 0, max: 20 * 24 * 3600 }), fc.constantFrom('Z', '+01:00', '-05:00'))
    .map(([s, zone]) => {
      const d = new Date(min + s * 1000);
      if (zone === 'Z') return d.toISOString().replace('.000', '');
      const sign = zone[0] === '+' ? 1 : -1;
      const local = new Date(d.getTime() + sign * Number(zone.slice(1, 3)) * 3600_000);
      return local.toISOString().slice(0, 19) + zone;
    });
}

function stringArb(s: Schema, pools: Pools, name?: string): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 80;
  const fits = (v: string) => v.length >= min && v.length <= max && (!s.pattern || new RegExp(s.pattern, 'u').test(v));
  if (s.format === 'date-time') return fc.oneof({ weight: 4, arbitrary: dateTime() }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES) });
  if (s.format === 'date') return fc.oneof({ weight: 4, arbitrary: dateTime().map((d) => d.slice(0, 10)) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATES.map((d) => d.slice(0, 10))) });
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri' || s.format === 'url') return fc.webUrl();
  const named = (name && pools.byName?.[name]?.filter(fits)) || [];
  if (named.length) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...named) }, { weight: 1, arbitrary: fc.constantFrom(...pools.strings) });
  const known = pools.strings.filter(fits);
  const generated = s.pattern
    ? fc.stringMatching(new RegExp(s.pattern)).filter(fits)
    : fc.string({ minLength: min, maxLength: Math.min(max, 40) });
  return known.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: generated }) : generated;
}

function typed(s: Schema, type: string, pools: Pools, child: Child, name?: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': return stringArb(s, pools, name);
    case 'integer': return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 500 }) },
      { weight: 1, arbitrary: fc.constantFrom(s.minimum ?? -(2 ** 31), s.maximum ?? Number.MAX_SAFE_INTEGER) },
    );
    case 'number': return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 500, noNaN: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return fc.array(s.items ? child(s.items) : fc.jsonValue({ maxDepth: 1 }), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': return objectArb(s, child, pools);
    default: return fc.jsonValue({ maxDepth: 1 });
  }
}

/**
 * minimal: only the required properties and those the pools know by name, all present (optional
 * ones often depend on each other, so a random mix of them rarely gets past the handler's checks).
 */
function objectArb(s: Schema, child: Child, pools: Pools): fc.Arbitrary<unknown> {
  const minimal = pools.minimal ?? false;
  const keep = (k: string) => !minimal || (s.required ?? []).includes(k) || Boolean(pools.byName?.[k]);
  const props = Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => keep(k)));
  const required = minimal ? Object.keys(props) : s.required ?? [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = child(v, k);
  const record = fc.record(model, { requiredKeys: required.filter((k) => k in props) });
  if (typeof s.additionalProperties !== 'object' || minimal) return record;
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), child(s.additionalProperties), { maxKeys: 3 });
  return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...(r as object) }));
}

function build(s: Schema | undefined, pools: Pools, child: Child, name?: string): fc.Arbitrary<unknown> {
  if (!s || typeof s !== 'object') return fc.jsonValue({ maxDepth: 1 });
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => child(a, name)));
  if (s.allOf) return child(Object.assign({}, ...s.allOf), name);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  const base = types.length ? fc.oneof(...types.map((t) => typed(s, t, pools, child, name))) : fc.jsonValue({ maxDepth: 1 });
  return s.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

/** name: the property or parameter the value is for, to draw from pools.byName. */
export function valid(s: Schema | undefined, pools: Pools, name?: string): fc.Arbitrary<unknown> {
  return build(s, pools, (c, n) => valid(c, pools, n), name);
}

/** Mostly schema-shaped, but any node may be hostile, required keys may go and unknown keys may come. */
export function loose(s: Schema | undefined, pools: Pools, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const shaped = build(s, pools, (c, n) => loose(c, pools, depth + 1, n), name);
  const mutated = shaped.chain((v) => (v && typeof v === 'object' && !Array.isArray(v) ? reshape(v as Record<string, unknown>) : fc.constant(v)));
  return fc.oneof({ weight: depth === 0 ? 2 : 6, arbitrary: mutated }, { weight: 1, arbitrary: hostile() });
}

function reshape(v: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(v);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(v) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'id'), hostile()).map(([k, x]) => ({ ...v, [k]: x })) },
    ...(keys.length ? [{ weight: 1, arbitrary: fc.constantFrom(...keys).map((k) => { const c = { ...v }; delete c[k]; return c; }) }] : []),
  );
}
