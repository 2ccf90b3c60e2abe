import type { Catalog } from './catalog.js';
import type { ManagementTokens } from './callbacks/management-tokens.js';
import type { Clock } from './ports/clock.js';
import type { Cluster } from './ports/cluster.js';
import type { NumberZones } from './ports/number-zones.js';
import type { QueueInsight } from './ports/queue-insight.js';
import type { Store } from './ports/store.js';
import type { PhoneDirectory } from './registrar/phones.js';
import type { SlotCounts } from './callbacks/slot-counts.js';

/** Everything a use case needs; built once in src/build-app.ts. */
export interface AppContext {
  catalog: Catalog;
  store: Store;
  clock: Clock;
  newId: () => string;
  /**
   * Digits of call-in access codes (absent: a CSPRNG, access-code.ts). The simulator draws them
   * from its seeded stream: a voicemail reads the code out, so its length follows the digits, and
   * a day with real random codes did not repeat itself run to run.
   */
  accessDigits?: (length: number) => string;
  queue: QueueInsight;
  /** Callee zones from the number, resolved once at intake (absent: the request's or service's zone only). */
  numberZones?: NumberZones;
  /** Per-callback management tokens (public cancel, reschedule, push answers). */
  tokens: ManagementTokens;
  /** Registered agent phones (absent: every agent is rung at its static URI). */
  phones?: PhoneDirectory;
  /** The committed slot counters kept in memory for availability (absent: read per request). */
  slotCounts?: SlotCounts;
  /** Which node dispatches (one node: always this one). Absent in tests that build a context by hand. */
  cluster?: Cluster;
}
