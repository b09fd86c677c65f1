import cliProgress from 'cli-progress';

import { silentProgress, type Progress } from '../core/progress.ts';

export { silentProgress, type Progress };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silentProgress;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { label });
    },
    update(done, label) {
      bar?.update(done, label ? { label } : {});
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
