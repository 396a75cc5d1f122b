// Pure text formatting: sizes, clock times, money, percentages, a masked key.

export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MB`;
}

/** Seconds as m:ss.s */
export function fmtTime(s) {
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${m}:${rest < 10 ? "0" : ""}${rest.toFixed(1)}`;
}

export function fmtUsd(v) { return typeof v === "number" ? `$${v.toFixed(6)}` : String(v); }

export function pct(x) { return `${Math.round((x || 0) * 100)}%`; }

/** A key's first and last characters only, for the "copy as" snippets. */
export function maskKey(key) {
  if (!key) return "(none)";
  return key.length > 14 ? `${key.slice(0, 9)}…${key.slice(-4)}` : "…";
}
