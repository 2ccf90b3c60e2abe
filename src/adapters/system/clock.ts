import type { Clock } from '../../app/ports/clock.js';

export const systemClock: Clock = { now: () => Date.now() };
