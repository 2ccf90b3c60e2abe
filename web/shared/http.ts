/** JSON over fetch against the holdless API; failures become ApiError with the server's code and fields. */
export interface FieldError { field: string; code: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The signed-in pages (agent, supervisor, admin) use the HttpOnly session cookie (sent same-origin
 * only): they call usePageSession() with the CSRF token from sign-in, and every state change then
 * carries it. The widget never does; a cookie without the CSRF token counts as anonymous.
 */
let pageSession: { csrf: string } | undefined;
export const usePageSession = (csrf: string | undefined): void => { pageSession = csrf ? { csrf } : undefined; };

export interface RequestOptions { body?: unknown; token?: string; headers?: Record<string, string>; signal?: AbortSignal }

export async function api<T>(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (pageSession && method !== 'GET') headers['x-csrf-token'] = pageSession.csrf;
  let res: Response;
  try {
    res = await fetch(base + path, {
      method, headers, signal: opts.signal, credentials: 'same-origin',
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The server could not be reached.');
  }
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const d = (data ?? {}) as { code?: string; message?: string; fields?: FieldError[] } & Record<string, unknown>;
    throw new ApiError(res.status, d.code ?? `HTTP_${res.status}`, d.message ?? res.statusText, d.fields ?? [], d);
  }
  return data as T;
}

const safeJson = (t: string): unknown => {
  try { return JSON.parse(t); } catch { return { message: t }; }
};

export const qs = (params: Record<string, string | number | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
