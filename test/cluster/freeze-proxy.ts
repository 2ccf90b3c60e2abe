/**
 * A TCP proxy in front of PostgreSQL that can cut a node off the way a network partition does:
 * the node's connections stay open but nothing more reaches either side, and new ones hang. The
 * server side is closed at once (a real server notices a silent peer later, by its keepalives),
 * so the database frees the node's session locks and a successor can be elected.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class FreezeProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private readonly clients = new Set<Socket>();
  private frozen = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      client.on('error', () => undefined);
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      if (this.frozen) return; // accepted, never answered
      const upstream = connect(this.target.port, this.target.host);
      upstream.on('error', () => undefined);
      const pair = { client, upstream };
      this.pairs.add(pair);
      client.on('data', (d) => { if (!this.frozen) upstream.write(d); });
      upstream.on('data', (d) => { if (!this.frozen) client.write(d); });
      client.on('close', () => { upstream.destroy(); this.pairs.delete(pair); });
      upstream.on('close', () => { if (!this.frozen) client.destroy(); });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** `url` with its host and port replaced by this proxy's. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  partition(): void {
    this.frozen = true;
    for (const { upstream } of this.pairs) upstream.destroy();
  }

  async stop(): Promise<void> {
    for (const { upstream } of this.pairs) upstream.destroy();
    for (const client of this.clients) client.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
