/** Small statistics for benchmark samples: medians and spread, nothing fancier. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, extremes and the relative spread (max - min) / median of a set of per-round medians. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median, so 0.04 reads "the rounds fell within 4% of each other". */
  readonly spread: number;
  readonly samples: readonly number[];
}

export function summarize(values: readonly number[]): Summary {
  const middle = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: middle, min, max, spread: middle === 0 ? 0 : (max - min) / middle, samples: [...values] };
}
