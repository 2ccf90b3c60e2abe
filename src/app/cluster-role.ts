/** The dispatcher role as use cases ask it: one node without a cluster is always the dispatcher, under epoch 0. */
import type { AppContext } from './context.js';

export const isDispatcher = (ctx: AppContext): boolean => ctx.cluster?.isDispatcher() ?? true;
export const dispatchEpoch = (ctx: AppContext): number => ctx.cluster?.epoch() ?? 0;
