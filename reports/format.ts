/** Small number formatters shared by the terminal summary and the HTML report. */

/** Accuracy as a percentage with one decimal, or "n/a". */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(1)}%`;
}

/** Signed accuracy difference in percentage points, e.g. "-3.2 pp". */
export function pp(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} pp`;
}

/** Bytes with a binary-free SI unit (kB, MB, GB), as network people count them. */
export function bytes(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  let v = x;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(2)} ${units[i]}`;
}

/** Seconds as "42.0 s", "12.5 min" or "3.20 h". */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "n/a";
  if (Math.abs(s) < 120) return `${s.toFixed(1)} s`;
  if (Math.abs(s) < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

/** A count of rounds, or "not reached". */
export function roundsReached(r: number | null | undefined): string {
  return r === null || r === undefined ? "not reached" : `round ${r}`;
}
