import { describe, expect, it } from 'vitest';
import { digitPrompts, ewtMinutes, numberPrompts, parseTypedTime, timePrompts } from '../../src/domain/flow/speech.js';

describe('spoken numbers and times', () => {
  it.each([
    [0, 'en', ['num_0']], [13, 'en', ['num_13']], [20, 'en', ['num_20']], [21, 'en', ['num_20', 'num_1']],
    [40, 'en', ['num_40']], [99, 'en', ['num_90', 'num_9']], [25, 'de', ['num_5', 'and', 'num_20']], [150, 'en', ['num_90', 'num_9']],
  ])('%i in %s', (n, lang, keys) => expect(numberPrompts(n, lang)).toEqual(keys));
  it.each([[1, 1], [60, 1], [61, 2], [0, 1], [100_000, 99]])('ewt %is → %i min', (s, m) => expect(ewtMinutes(s)).toBe(m));
  it.each([
    ['09:00', 'en', ['num_9', 'oclock']], ['09:05', 'en', ['num_9', 'num_0', 'num_5']], ['14:30', 'en', ['num_14', 'num_30']],
    ['14:30', 'de', ['num_14', 'oclock', 'num_30']], ['08:00', 'de', ['num_8', 'oclock']], ['bad', 'en', []],
  ])('%s in %s', (t, lang, keys) => expect(timePrompts(t, lang)).toEqual(keys));
  it('reads a number back digit by digit', () => expect(digitPrompts('+49 30')).toEqual(['plus', 'num_4', 'num_9', 'num_3', 'num_0']));
  it.each([['1430', '14:30'], ['930', '09:30'], ['2400', undefined], ['1260', undefined], ['12', undefined], ['12a4', undefined]])(
    'typed %s → %s', (d, t) => expect(parseTypedTime(d)).toBe(t));
});
