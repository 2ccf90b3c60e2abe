/**
 * The last prediction per line, given again while its inputs are unchanged. predictWait is a pure
 * function of the line state, the fit's weights and the mix weight, and one arrival asks it several
 * times at the same instant (the offer, the queue join, the fit's sample, the hold announcement):
 * the Erlang-A sums are computed once per distinct input instead.
 */
import { predictWait, type LineState, type Predictions } from './ewt-predictors.js';

interface Last { state: LineState; weights: number[] | undefined; mix: number | undefined; out: Readonly<Predictions> }

// Field by field (a for-in over the keys costs more than the sums it saves).
const sameState = (a: LineState, b: LineState): boolean =>
  a.ahead === b.ahead && a.freeDirect === b.freeDirect && a.directAgents === b.directAgents && a.capableAgents === b.capableAgents
  && a.capableFree === b.capableFree && a.handleSeconds === b.handleSeconds && a.abandonRatePerSecond === b.abandonRatePerSecond
  && a.departureRate === b.departureRate && a.capacityShare === b.capacityShare && a.headWaitSeconds === b.headWaitSeconds
  && a.lastServedWaitSeconds === b.lastServedWaitSeconds;

const sameWeights = (kept: number[] | undefined, now: readonly number[] | undefined): boolean => {
  if (kept === undefined || now === undefined) return kept === now;
  if (kept.length !== now.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== now[i]) return false;
  return true;
};

export class LastPrediction {
  private readonly last = new Map<string, Last>();

  /** predictWait(state, weights, mix), frozen (shared by every caller who asked the same). */
  of(line: string, state: LineState, weights: readonly number[] | undefined, mix: number | undefined): Readonly<Predictions> {
    const l = this.last.get(line);
    if (l && l.mix === mix && sameWeights(l.weights, weights) && sameState(l.state, state)) return l.out;
    // Weights are learnt in place: keep a copy to compare with.
    const out = Object.freeze(predictWait(state, weights, mix));
    this.last.set(line, { state, weights: weights && [...weights], mix, out });
    return out;
  }
}
