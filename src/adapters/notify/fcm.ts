/**
 * FCM HTTP v1: a service-account JWT (RS256) is exchanged at the OAuth token endpoint for an access
 * token (cached), then POST {sendUrl} with `{ message: { token, notification, data } }`. Both URLs come
 * from config so production points at Google and tests at a local server.
 */
import { pushFailure, type SendResult } from '../../domain/notify.js';
import type { PushMessage } from '../../app/ports/notifier.js';
import { httpRequest, networkFailure } from './http-request.js';
import { CachedToken, signJwt } from './jwt.js';
import { flatData, pushContent } from './push-content.js';

export interface FcmOptions { projectId: string; clientEmail: string; privateKey: string; tokenUrl: string; sendUrl: string; timeoutMs: number; ca?: string }

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export function createFcmChannel(opts: FcmOptions) {
  const sendUrl = opts.sendUrl.replace('{projectId}', encodeURIComponent(opts.projectId));
  const token = new CachedToken(async () => {
    const iat = Math.floor(Date.now() / 1000);
    const assertion = signJwt('RS256', opts.privateKey, { iss: opts.clientEmail, scope: FCM_SCOPE, aud: opts.tokenUrl, iat, exp: iat + 3600 });
    const r = await httpRequest({
      url: opts.tokenUrl, timeoutMs: opts.timeoutMs, ca: opts.ca,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    });
    if (r.status !== 200) throw new Error(`FCM token endpoint answered ${r.status}: ${r.body.slice(0, 200)}`);
    const json = JSON.parse(r.body) as { access_token?: string; expires_in?: number };
    if (!json.access_token) throw new Error('FCM token endpoint gave no access_token');
    return { token: json.access_token, lifetimeMs: (json.expires_in ?? 3600) * 1000 };
  });

  return async (deviceToken: string, message: PushMessage): Promise<SendResult> => {
    const c = pushContent(message);
    try {
      const bearer = await token.get();
      const r = await httpRequest({
        url: sendUrl, timeoutMs: opts.timeoutMs, ca: opts.ca,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({
          message: { token: deviceToken, notification: { title: c.title, body: c.body }, data: flatData(c), android: { priority: 'high' } },
        }),
      });
      if (r.status === 200) return { ok: true, status: 200 };
      // An expired or revoked access token: fetch a new one on the next try.
      if (r.status === 401) { token.reset(); return { ok: false, permanent: false, status: 401, error: 'access token refused' }; }
      return pushFailure(r.status, `FCM answered ${r.status}: ${r.body.slice(0, 200)}`);
    } catch (e) {
      return networkFailure(e);
    }
  };
}
