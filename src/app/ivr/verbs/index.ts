import type { FlowNode } from '../../../domain/flow/flow-model.js';
import type { IvrSession, Step } from '../session.js';
import { chooseTime, confirmNumber, requestCallback } from './callback.js';
import { enqueue } from './enqueue.js';
import { offerCallback } from './offer.js';
import { matchCallIn } from './match-call-in.js';

type Handler = (node: FlowNode, s: IvrSession) => Promise<Step>;

/** The callback-specific verbs (offer, number, time, registration, queue). */
export const callbackVerbs = {
  offer_callback: offerCallback as Handler,
  confirm_number: confirmNumber as Handler,
  choose_time: chooseTime as Handler,
  request_callback: requestCallback as Handler,
  enqueue: enqueue as Handler,
  match_call_in: matchCallIn as Handler,
};
