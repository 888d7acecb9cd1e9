import cliProgress from "cli-progress";

export interface ProgressState {
  bytes: number;
  totalBytes: number;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface Progress {
  /** A line of its own, before the counting starts (what the run is doing meanwhile). */
  note(text: string): void;
  update(state: ProgressState): void;
  stop(state: ProgressState): void;
}

interface BarPayload {
  rows: number;
  rate: number;
  accepted: number;
  rejected: number;
  etaText: string;
}

const MAX_BAR = 40;
const MIN_BAR = 10;

/**
 * The bar's line for the terminal's width at each redraw: the numbers always, in words when there is
 * room and shorter otherwise (down to the accepted and rejected counts and the ETA), and a bar in what
 * is left. A fixed line of 115 characters lost the
 * rejected count and the ETA, the numbers that matter, to any narrower window.
 */
export function fitToWidth(options: { barCompleteString?: string; barIncompleteString?: string }, params: { progress: number; maxWidth: number }, payload: BarPayload): string {
  const width = params.maxWidth > 0 ? params.maxWidth : 80;
  const percent = `${Math.floor(params.progress * 100)}%`;
  const { rows, rate, accepted, rejected, etaText } = payload;
  const lines = [
    `${percent} | ${rows} rows | ${rate} rows/s | accepted ${accepted} | rejected ${rejected} | ETA ${etaText}`,
    `${percent} ${rows} rows ${rate}/s ok ${accepted} rej ${rejected} ETA ${etaText}`,
    `${percent} ok ${accepted} rej ${rejected} ETA ${etaText}`,
  ];
  // One column spare: a line that fills the last column makes some terminals wrap.
  const text = lines.find((line) => line.length + 1 + MIN_BAR < width);
  if (!text) return lines.find((line) => line.length < width) ?? lines[lines.length - 1]!;
  const room = Math.min(MAX_BAR, width - text.length - 2);
  const filled = Math.round(Math.min(1, Math.max(0, params.progress)) * room);
  return `${(options.barCompleteString ?? "").slice(0, filled)}${(options.barIncompleteString ?? "").slice(0, room - filled)} ${text}`;
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
    const bar = new cliProgress.SingleBar({ format: fitToWidth, hideCursor: true, barsize: MAX_BAR }, cliProgress.Presets.shades_classic);
    const payload = (s: ProgressState): BarPayload => ({ rows: s.rows, rate: Math.round(rate(s)), accepted: s.accepted, rejected: s.rejected, etaText: fmtSeconds(eta(s)) });
    let running = false;
    return {
      note: (text) => void (running || (options.out ?? process.stdout).write(`${text}\n`)),
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
    note: (text) => void out.write(`${text}\n`),
    update: (s) => {
      if (Date.now() - last < options.intervalMs) return;
      last = Date.now();
      line(s);
    },
    stop: (s) => line(s),
  };
}
