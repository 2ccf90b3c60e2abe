/** Shared pieces of the call-in tests: services with call-in numbers, the real IVR backend, a recording queue. */
import { join } from 'node:path';
import { loadFlows } from '../../src/adapters/flows/load-flows.js';
import { createAppIvrBackend } from '../../src/app/ivr/app-backend.js';
import type { IvrBackend, LiveQueueEntry, LiveQueueOutcome } from '../../src/app/ivr/ivr-backend.js';
import type { AppContext } from '../../src/app/context.js';
import type { CallControl } from '../../src/app/ports/call-control.js';
import { DEFAULT_CALL_IN } from '../../src/domain/call-in.js';
import type { CallInPolicy, Instant, ServiceDef } from '../../src/domain/model.js';
import type { Flow } from '../../src/domain/flow/flow-model.js';
import { testService } from '../../src/testing/test-config.js';

export const BILLING_LINE = '+4930555000';
export const SALES_LINE = '+4930555001';

export const withCallIn = (s: ServiceDef, number: string, over: Partial<CallInPolicy> = {}): ServiceDef =>
  ({ ...s, callIn: { ...DEFAULT_CALL_IN, number, ...over } });

export const callInServices = (over: Partial<CallInPolicy> = {}): ServiceDef[] => [
  withCallIn(testService(), BILLING_LINE, over),
  withCallIn(testService({ id: 'sales', name: 'Sales', slotMinutes: 60, capacity: { default: 1, overrides: [] } }), SALES_LINE, { codeLength: 6 }),
];

const root = join(import.meta.dirname, '..', '..');
export const shippedFlows = (): Map<string, Flow> =>
  loadFlows({ flowsDir: join(root, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: ['billing', 'tech-support', 'sales'] });

export interface Queued { serviceId: string; queuedSince?: Instant; language: string; callInId?: string }

/** The real IVR backend (real use cases, real SQLite); live callers are recorded and connected at once. */
export function ivrBackend(ctx: AppContext): { backend: IvrBackend; queued: Queued[] } {
  const queued: Queued[] = [];
  const backend = createAppIvrBackend({
    ctx, logger: { info: () => undefined, warn: () => undefined }, telephony: {} as CallControl,
    enqueueLiveCall: (_call, serviceId, opts) => {
      queued.push({ serviceId, ...opts });
      const outcome: Promise<LiveQueueOutcome> = Promise.resolve({ kind: 'connected' });
      const entry: LiveQueueEntry = {
        id: `live-${queued.length}`, queuedSince: opts.queuedSince ?? ctx.clock.now(), outcome, ewtSeconds: () => null, leave: async () => false,
      };
      return entry;
    },
  });
  return { backend, queued };
}
