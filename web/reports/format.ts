/** Number formats of the reports page (viewer's locale; null shows as a dash). */
export const dash = '—';
export const n = (x: number | null | undefined): string => (x === null || x === undefined ? dash : new Intl.NumberFormat().format(Math.round(x * 100) / 100));
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? dash : `${(x * 100).toFixed(1)} %`);
export const secs = (x: number | null | undefined): string => {
  if (x === null || x === undefined) return dash;
  if (x < 90) return `${Math.round(x)} s`;
  if (x < 5400) return `${(x / 60).toFixed(1)} min`;
  return `${(x / 3600).toFixed(1)} h`;
};
export const money = (x: number | null | undefined, currency: string): string =>
  (x === null || x === undefined ? dash : new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(x));
