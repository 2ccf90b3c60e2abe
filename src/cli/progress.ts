/** A one-line progress bar on stderr, redrawn at most every 100 ms; silent when stderr is no TTY. */
export interface Progress {
  update(label: string, share: number): void;
  done(): void;
}

export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  return {
    update(label, share) {
      const now = Date.now();
      if (now - last < 100 && share < 1) return;
      last = now;
      const width = 30;
      const full = Math.round(Math.max(0, Math.min(1, share)) * width);
      stream.write(`\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
