/** 1000000 → "1,000,000". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Milliseconds with the precision that means something at that size. */
export function formatMs(ms: number): string {
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toLocaleString('en-US');
}

/** A same-run ratio: "4.2×". */
export function formatRatio(ratio: number): string {
  return `${ratio < 0.1 ? ratio.toFixed(3) : ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
