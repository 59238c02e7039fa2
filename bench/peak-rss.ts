/**
 * The process's peak RSS over a stretch of work, on Linux: `resetPeakRss()`
 * before it (writes 5 to `/proc/self/clear_refs`, which resets `VmHWM`),
 * `peakRssMb()` after. Elsewhere the reset fails and the caller prints nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** Resets the process's peak RSS; false where that cannot be done. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The process's peak RSS in MB since the last reset (`VmHWM`), null where unknown. */
export function peakRssMb(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : Math.round(Number(kb) / 1024);
  } catch {
    return null;
  }
}
