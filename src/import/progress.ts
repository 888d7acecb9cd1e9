import cliProgress from "cli-progress";

export interface ProgressState {
  bytes: number;
  totalBytes: number;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface Progress {
  update(state: ProgressState): void;
  stop(state: ProgressState): void;
}

const fmtSeconds = (s: number): string => (!Number.isFinite(s) ? "?" : s < 90 ? `${Math.round(s)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`);

/**
 * A bar on a terminal, plain lines otherwise (logs, CI, a parent process reading stdout). Rates count
 * only the rows of this run, and the ETA extrapolates them over the bytes left in the file.
 */
export function createProgress(options: { tty: boolean; intervalMs: number; startRows: number; startBytes: number; out?: NodeJS.WriteStream }): Progress {
  const started = Date.now();
  const rate = (s: ProgressState) => (s.rows - options.startRows) / Math.max(0.001, (Date.now() - started) / 1000);
  const eta = (s: ProgressState) => {
    const bytesPerSecond = (s.bytes - options.startBytes) / Math.max(0.001, (Date.now() - started) / 1000);
    return bytesPerSecond > 0 ? (s.totalBytes - s.bytes) / bytesPerSecond : Infinity;
  };
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      { format: "{bar} {percentage}% | {rows} rows | {rate} rows/s | accepted {accepted} | rejected {rejected} | ETA {etaText}", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const payload = (s: ProgressState) => ({ rows: s.rows, rate: Math.round(rate(s)), accepted: s.accepted, rejected: s.rejected, etaText: fmtSeconds(eta(s)) });
    let running = false;
    return {
      update: (s) => {
        if (!running) bar.start(s.totalBytes, s.bytes, payload(s));
        running = true;
        bar.update(s.bytes, payload(s));
      },
      stop: (s) => {
        if (running) {
          bar.update(s.bytes, payload(s));
          bar.stop();
        }
      },
    };
  }
  const out = options.out ?? process.stdout;
  let last = 0;
  let printed = "";
  const line = (s: ProgressState) => {
    const key = `${s.bytes}/${s.rows}`;
    if (key === printed) return;
    printed = key;
    const percent = s.totalBytes ? ((100 * s.bytes) / s.totalBytes).toFixed(1) : "100.0";
    out.write(`progress ${percent}% rows=${s.rows} accepted=${s.accepted} rejected=${s.rejected} rate=${Math.round(rate(s))} rows/s eta=${fmtSeconds(eta(s))}\n`);
  };
  return {
    update: (s) => {
      if (Date.now() - last < options.intervalMs) return;
      last = Date.now();
      line(s);
    },
    stop: (s) => line(s),
  };
}
