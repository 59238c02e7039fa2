import type { IngestOutcome, IngestSummary } from '../types.js';

/**
 * Bytes of problem lines queued on stderr (a slow pipe) past which further
 * lines are counted, not written: a million bad records piped to a pager
 * queued 140 MB.
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** How often a progress bar is redrawn and a log line written. */
const REDRAW_MS = 150;
const LOG_EVERY_MS = 5000;

/**
 * Reports ingest progress on stderr: a bar redrawn in place on a terminal,
 * plain periodic log lines otherwise. Problems are printed as they happen,
 * one line each. ETA comes from bytes of the known input files done.
 */
export class Progress {
  private lastDraw = 0;
  private lastLog = 0;
  private drawn = false;
  private doneBytes = 0;
  private currentFile: string | null = null;
  private unshown = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly fileSizes: ReadonlyMap<string, number>,
    private readonly totalBytes: number,
    private readonly quiet = false,
  ) {}

  update(summary: Readonly<IngestSummary>, outcome: IngestOutcome): void {
    const source = outcome.status === 'failed' ? outcome.problem.source : outcome.source;
    this.track(source.replace(/#record=\d+$/, ''));
    if (outcome.status === 'failed') {
      const p = outcome.problem;
      // a pipe is written asynchronously: past a bound, lines are counted instead of queued without end
      if ((this.out.writableLength ?? 0) > MAX_QUEUED_BYTES) {
        this.unshown++;
      } else {
        this.clear();
        this.noteUnshown();
        this.out.write(`error: ${visible(p.source)}: ${visible(p.message)} [${p.code}]\n`);
      }
    }
    if (this.quiet) return;
    const now = performance.now();
    if (this.out.isTTY) {
      if (now - this.lastDraw >= REDRAW_MS) {
        this.lastDraw = now;
        this.out.write(`\r\x1b[K${this.bar(summary)}`);
        this.drawn = true;
      }
    } else if (now - this.lastLog >= LOG_EVERY_MS) {
      if (this.lastLog > 0) this.out.write(`ingest: ${this.line(summary)}\n`);
      this.lastLog = now;
    }
  }

  /** Removes the bar before the final summary. */
  finish(): void {
    this.clear();
    this.noteUnshown();
  }

  private noteUnshown(): void {
    if (this.unshown === 0) return;
    this.out.write(
      `dossier: ${this.unshown.toLocaleString('en')} more problems not shown while stderr was behind (the summary counts them all)\n`,
    );
    this.unshown = 0;
  }

  private track(file: string): void {
    if (file === this.currentFile) return;
    if (this.currentFile) this.doneBytes += this.fileSizes.get(this.currentFile) ?? 0;
    this.currentFile = file;
  }

  private clear(): void {
    if (this.drawn) {
      this.out.write('\r\x1b[K');
      this.drawn = false;
    }
  }

  private line(s: Readonly<IngestSummary>): string {
    const rate = s.seconds > 0 ? Math.round(s.read / s.seconds) : 0;
    const parts = [
      `${s.read.toLocaleString('en')} read`,
      `${s.new.toLocaleString('en')} new`,
      `${s.present.toLocaleString('en')} present`,
      `${s.failed.toLocaleString('en')} failed`,
      `${rate.toLocaleString('en')}/s`,
    ];
    const eta = this.eta(s.seconds);
    if (eta) parts.push(`ETA ${eta}`);
    return parts.join(' · ');
  }

  private bar(s: Readonly<IngestSummary>): string {
    const width = 24;
    const fraction = this.totalBytes > 0 ? Math.min(1, this.doneBytes / this.totalBytes) : 0;
    const filled = Math.round(fraction * width);
    const bar =
      this.totalBytes > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ` : '';
    return `${bar}${this.line(s)}`;
  }

  private eta(seconds: number): string | null {
    if (this.totalBytes <= 0 || this.doneBytes <= 0 || seconds < 1) return null;
    const left = (seconds * (this.totalBytes - this.doneBytes)) / this.doneBytes;
    return formatDuration(left);
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Control characters and bidi overrides made visible as escapes. File names
 * and parser messages come from the input: a name holding a newline would
 * forge a second error line, an escape sequence would drive the terminal, and
 * U+202E would show `gnp.exe` for `exe.png`.
 */
export function visible(text: string): string {
  return text.replace(UNSAFE_CHARS, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** C0 and C1 controls (tab included: it would misalign the line), DEL, and the bidi embedding, override and isolate marks. */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
