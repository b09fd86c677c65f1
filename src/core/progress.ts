/** Progress of long work, reported by ingest and analysis and drawn by the CLI (a bar) or the server. */
export interface Progress {
  start(label: string, total: number): void;
  update(done: number, label?: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start: () => {}, update: () => {}, stop: () => {} };
