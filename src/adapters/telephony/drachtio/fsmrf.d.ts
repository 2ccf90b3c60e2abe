// Local typings for drachtio-fsmrf 4.1.2 (ships none). Only the constructor is declared here:
// the adapter works through the structural interfaces in ./types.ts and casts once at the edge
// (connections.ts), so a wrong guess about fsmrf internals fails in one place.
declare module 'drachtio-fsmrf' {
  import type { EventEmitter } from 'node:events';
  interface MrfOptions { customEvents?: string[] }
  class Mrf extends EventEmitter {
    constructor(srf: unknown, opts?: MrfOptions);
    connect(opts: {
      address: string; port: number; secret: string; listenAddress?: string; listenPort?: number;
      advertisedAddress?: string; advertisedPort?: number; profile?: string;
    }): Promise<unknown>;
    static utils: { parseBodyText(body: string): Record<string, string> };
  }
  export = Mrf;
}
