/**
 * Progress of long simulator runs (cli-progress), drawn only when stdout is a terminal, so piped
 * or redirected output (CI, --json scripts) stays clean. One bar per run label, so runs going on
 * at the same time (worker threads, sim/parallel.ts) each have theirs; done() clears them.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(label: string, share: number): void;
  done(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined };

export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!enabled || !stream.isTTY) return SILENT;
  let bars: cliProgress.MultiBar | undefined;
  const byLabel = new Map<string, cliProgress.SingleBar>();
  return {
    update(label, share) {
      const value = Math.round(Math.max(0, Math.min(1, share)) * 1000);
      bars ??= new cliProgress.MultiBar(
        { format: '{label} [{bar}] {percentage}% | eta {eta_formatted}', stream, clearOnComplete: true, hideCursor: true, fps: 5, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      const bar = byLabel.get(label);
      if (bar) bar.update(value, { label });
      else byLabel.set(label, bars.create(1000, value, { label }));
    },
    done() {
      bars?.stop();
      bars = undefined;
      byLabel.clear();
    },
  };
}
