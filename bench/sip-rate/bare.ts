/**
 * The baseline for bench/sip-rate: a bare drachtio-srf + drachtio-fsmrf app that answers every
 * INVITE through FreeSWITCH (connectCaller) and hangs up after `holdMs`. Same servers and the
 * same answer path as holdless, with no flow, storage or queue behind it.
 */
import Srf from 'drachtio-srf';
import Mrf from 'drachtio-fsmrf';

export interface BareApp { calls: number; failures: number; stop(): Promise<void> }

interface Leg { destroy(): Promise<unknown> }
interface BareMs { connectCaller(req: unknown, res: unknown): Promise<{ endpoint: Leg; dialog: Leg }>; api(cmd: string): Promise<string>; disconnect(): void }

export async function startBare(opts: {
  drachtio: { host: string; port: number; secret: string };
  freeswitch: { host: string; port: number; secret: string };
  listenAddress: string;
  holdMs: number;
}): Promise<BareApp> {
  const srf = new Srf();
  srf.on('error', () => { /* reconnects by itself; the ramp counts what fails */ });
  void srf.connect(opts.drachtio);
  await new Promise<void>((ok, ko) => srf.once('connect', (err: unknown) => (err ? ko(err) : ok())));
  const mrf = new Mrf(srf);
  const ms = (await mrf.connect({ address: opts.freeswitch.host, port: opts.freeswitch.port, secret: opts.freeswitch.secret, listenAddress: opts.listenAddress })) as BareMs;
  const app: BareApp = {
    calls: 0,
    failures: 0,
    // A failed step leaves half-open calls: clear FreeSWITCH so the next app starts from zero.
    async stop() { await ms.api('hupall NORMAL_CLEARING').catch(() => ''); await new Promise((r) => setTimeout(r, 2000)); ms.disconnect(); srf.disconnect(); },
  };
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the handler catches its own errors
  srf.invite(async (req: unknown, res: unknown) => {
    app.calls++;
    try {
      const { endpoint, dialog } = await ms.connectCaller(req, res);
      setTimeout(() => { void dialog.destroy().catch(() => {}); void endpoint.destroy().catch(() => {}); }, opts.holdMs);
    } catch {
      app.failures++;
    }
  });
  return app;
}
