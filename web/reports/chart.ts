/** Small time-series charts (uPlot, bundled into reports.js only). */
import uPlot from 'uplot';
import { h } from '../shared/dom.js';

const COLOURS = ['#0b57d0', '#146c2e', '#b3261e', '#8a5a00', '#6b2c91', '#00838f'];

export interface Series { label: string; values: (number | null)[] }

export class Chart {
  readonly el: HTMLElement;
  private plot?: uPlot;
  private readonly box = h('div');

  constructor(title: string, private readonly seriesLabels: string[], private readonly kind: 'line' | 'steps' = 'line') {
    this.el = h('figure', { class: 'card chart', style: 'margin:0 0 14px' }, h('h3', {}, title), this.box);
  }

  /**
   * x: epoch seconds; range: the x window in epoch seconds (a single point would otherwise make
   * uPlot span years). Draws again at the box's current width.
   */
  set(x: number[], series: Series[], range: [number, number]): void {
    const width = Math.max(240, this.box.clientWidth || this.el.clientWidth - 32 || 600);
    const data = [x, ...series.map((s) => s.values)] as uPlot.AlignedData;
    this.range = range;
    if (this.plot && this.plot.width === width) { this.plot.setData(data); return; }
    this.plot?.destroy();
    // Steps for counts per period (each value holds for its period), lines for sampled levels.
    const paths = this.kind === 'steps' ? uPlot.paths.stepped!({ align: 1 }) : undefined;
    this.plot = new uPlot({
      width, height: 180, legend: { show: true },
      scales: { x: { time: true, range: () => this.range }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      series: [{}, ...this.seriesLabels.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2, paths, points: { show: true, size: 5 } }))],
      axes: [{}, { size: 44 }],
    }, data, this.box);
  }

  private range: [number, number] = [0, 1];

  destroy(): void { this.plot?.destroy(); }
}
