import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { HoldlessError } from '../../src/domain/errors.js';

const file = 'test/config/fixtures/bad/notify-refs.yaml';

describe('notify and captcha config', () => {
  it('reports an unknown service, an unknown event and a CAPTCHA without a key, all at once', () => {
    let err: HoldlessError | undefined;
    try { loadConfig(file, { HOLDLESS_TEST_WEBHOOK_SECRET: 'a-webhook-secret-of-enough-length' }); } catch (e) { err = e as HoldlessError; }
    expect(err?.code).toBe('CONFIG_INVALID');
    const lines = err!.message.split('\n');
    expect(lines).toContain(`${file}:15 services[0].captcha: requires CAPTCHA, but captcha.hmacKey is not set (e.g. hmacKey: \${HOLDLESS_CAPTCHA_KEY})`);
    expect(lines).toContain(`${file}:21 notify.webhooks[0].services[0]: unknown service "biling" (known: billing)`);
    expect(lines.some((l) => l.startsWith(`${file}:22 notify.webhooks[0].events[1]`))).toBe(true);
  });

  it('the shipped config.yaml loads with the notifier off by default and the secrets from the environment', () => {
    const c = loadConfig('config.yaml', { HOLDLESS_ADMIN_TOKEN: 'a-long-admin-token' });
    expect(c.notify).toMatchObject({ maxAttempts: 8, webhooks: [] });
    expect(c.notify.webpush).toBeUndefined();
    expect(c.captcha).toMatchObject({ expireSeconds: 300, requiredFor: [] });
  });
});
