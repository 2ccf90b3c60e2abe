/**
 * CSV (RFC 4180) for report exports: nested objects become dotted columns. Text cells that a
 * spreadsheet would run as a formula (= + - @ at the start) are prefixed with a quote mark.
 */
type Scalar = string | number | boolean | null;

export function flatten(obj: Record<string, unknown>, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = Array.isArray(v) ? JSON.stringify(v) : (v as Scalar | undefined) ?? null;
  }
  return out;
}

export function csvCell(v: Scalar): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: Scalar[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A whole table: the columns are the union of all rows' keys, in first-seen order. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  return csvLine(columns) + flat.map((r) => csvLine(columns.map((c) => r[c] ?? null))).join('');
}
