/** The lines of a loss chart, whichever renderer draws them: per model node, training solid and validation dashed in one colour. */
import type { LossPoint } from '../../app/training.svelte';

/** Colours after the theme's accent (the first model's), for further model nodes. */
export const SERIES_PALETTE = ['#e8710a', '#1a9e77', '#c2185b', '#7b5ea7', '#8c6d1f'];

export interface LossSeries {
  name: string;
  /** Index into [accent, ...SERIES_PALETTE] (wrapping after the palette). */
  colorIndex: number;
  dashed: boolean;
  x: number[];
  y: (number | null)[];
}

export function seriesColor(index: number, accent: string): string {
  return index === 0 ? accent : SERIES_PALETTE[(index - 1) % SERIES_PALETTE.length];
}

export function lossSeries(curves: Record<string, LossPoint[]>): LossSeries[] {
  const entries = Object.entries(curves);
  const several = entries.length > 1;
  return entries.flatMap(([node, points], i): LossSeries[] => {
    const x = points.map((p) => p.epoch);
    const prefix = several ? `${node} ` : '';
    const series: LossSeries[] = [{ name: `${prefix}training loss`, colorIndex: i, dashed: false, x, y: points.map((p) => p.loss) }];
    if (points.some((p) => p.valLoss !== undefined)) series.push({ name: `${prefix}validation loss`, colorIndex: i, dashed: true, x, y: points.map((p) => p.valLoss ?? null) });
    return series;
  });
}
