/**
 * A simulated caller who goes through the real IVR flow (issue 13 §2): the flow runner plays its
 * prompts to the simulated inbound leg and this model answers each question the way the planned
 * caller would — the menu digits that lead to their service and language (read from the flow
 * itself, so a changed flows/main.yaml is followed), accept or decline the callback offer (the
 * caller's take-up draw), confirm their number, "as soon as possible" or one of the slots read out
 * (the scenario's scheduledShare) — and says nothing while on hold (their patience runs from joining the queue; see ivr-ingress.ts).
 */
import type { Flow } from '../../domain/flow/flow-model.js';

export interface CallerIntent {
  serviceId: string;
  language: string;
  /** Takes a callback when one is offered. */
  acceptsOffer: boolean;
  /** Picks a time slot (choose_time "2") instead of "as soon as possible"; `slotPick` in [0, 1) chooses among the slots read out. */
  schedules?: boolean;
  slotPick?: number;
}

export interface CallerHooks {
  /** The offer was put to this caller (the EWT was at or above the auto-transfer threshold). */
  offered(): void;
}

interface FlowQuestions {
  /** Menu (by its first prompt key) → digit per service id / language reached through it. */
  menus: Map<string, { service: Map<string, string>; language: Map<string, string> }>;
  offer: { prompt: string; accept: string; decline: string }[];
}

/** The questions of a flow and the answers that lead where, found once per flow. */
export function flowQuestions(flow: Flow): FlowQuestions {
  const q: FlowQuestions = { menus: new Map(), offer: [] };
  for (const node of flow.nodes.values()) {
    if (node.verb === 'menu' && node.args.prompts[0]) {
      const answers = { service: new Map<string, string>(), language: new Map<string, string>() };
      for (const [branch, target] of Object.entries(node.branches)) {
        const t = flow.nodes.get(target);
        if (!branch.startsWith('choice:') || t?.verb !== 'set') continue;
        if (t.args.service) answers.service.set(t.args.service, branch.slice(7));
        if (t.args.language) answers.language.set(t.args.language, branch.slice(7));
      }
      q.menus.set(node.args.prompts[0], answers);
    } else if (node.verb === 'offer_callback' && node.args.prompts[0]) {
      q.offer.push({ prompt: node.args.prompts[0], accept: node.args.acceptDigit, decline: node.args.declineDigit });
    }
  }
  return q;
}

/** The caller's answer to one playCollect (undefined = no input). */
export function callerAnswers(q: FlowQuestions, intent: CallerIntent, hooks: CallerHooks): (prompts: string[]) => string | undefined {
  return (prompts) => {
    for (const p of prompts) {
      const menu = q.menus.get(p);
      if (menu) return menu.service.get(intent.serviceId) ?? menu.language.get(intent.language) ?? menu.language.values().next().value;
      const offer = q.offer.find((o) => o.prompt === p);
      if (offer) {
        hooks.offered();
        return intent.acceptsOffer ? offer.accept : offer.decline;
      }
      if (p === 'number_confirm') return '1'; // the number read back is theirs
      if (p === 'time_menu') return intent.schedules ? '2' : '1'; // one of the next slots, or as soon as possible
      if (p === 'time_pick') {
        const options = prompts.filter((x) => x === 'time_option').length;
        return options > 0 ? String(1 + Math.min(options - 1, Math.floor((intent.slotPick ?? 0) * options))) : undefined;
      }
    }
    return undefined;
  };
}
