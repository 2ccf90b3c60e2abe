/**
 * Progress of long simulator runs (cli-progress), drawn only when stdout is a terminal, so piped
 * or redirected output (CI, --json scripts) stays clean. The bar is cleared when a run ends.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(label: string, share: number): void;
  done(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined };

export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!enabled || !stream.isTTY) return SILENT;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(label, share) {
      const value = Math.round(Math.max(0, Math.min(1, share)) * 1000);
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: '{label} [{bar}] {percentage}% | eta {eta_formatted}', stream, clearOnComplete: true, hideCursor: true, fps: 5, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, value, { label });
      } else bar.update(value, { label });
    },
    done() {
      bar?.stop();
      bar = undefined;
    },
  };
}
