/** Downloads a report file with the bearer token (a plain link cannot send the header). */
import type { Ctx } from './types.js';

export async function download(c: Ctx, path: string, filename: string, status: HTMLElement): Promise<void> {
  status.textContent = `Preparing ${filename}…`;
  const res = await fetch(c.base + path, { headers: { authorization: `Bearer ${c.token}` } });
  if (!res.ok) { status.textContent = `Download failed (HTTP ${res.status}).`; return; }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  status.textContent = `Downloaded ${filename}.`;
}
