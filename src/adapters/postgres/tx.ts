/** The Tx of the Store port over one connection (a read snapshot or a write batch). */
import type { Tx } from '../../app/ports/store.js';
import type { Conn } from './conn.js';
import { callbackRepo } from './callback-repo.js';
import { attemptRepo, idempotencyRepo, settingsRepo, slotRepo } from './small-repos.js';
import { eventLog } from './events.js';
import { agentRepo, queueRepo } from './agent-queue-repo.js';
import { captchaRepo, outboxRepo } from './outbox-repo.js';
import { callInRepo } from './call-in-repo.js';
import { phoneBindingRepo } from './phone-binding-repo.js';
import { clusterRepo } from './cluster-repo.js';

export const txOver = (c: Conn): Tx => ({
  callbacks: callbackRepo(c),
  slots: slotRepo(c),
  idempotency: idempotencyRepo(c),
  attempts: attemptRepo(c),
  events: eventLog(c),
  agents: agentRepo(c),
  queue: queueRepo(c),
  outbox: outboxRepo(c),
  captchas: captchaRepo(c),
  settings: settingsRepo(c),
  callIns: callInRepo(c),
  phoneBindings: phoneBindingRepo(c),
  cluster: clusterRepo(c),
});
