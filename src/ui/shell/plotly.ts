/** plotly.js is 4.6 MB: load it once, on the first chart, as its own chunk. */
import type { Config, Data, Layout } from 'plotly.js-dist-min';

type PlotlyModule = typeof import('plotly.js-dist-min');
export type { Config, Data, Layout };

let loading: Promise<PlotlyModule['default']> | undefined;

export function loadPlotly(): Promise<PlotlyModule['default']> {
  loading ??= import('plotly.js-dist-min').then(
    (mod) => (mod as unknown as { default?: PlotlyModule['default'] }).default ?? (mod as unknown as PlotlyModule['default']),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

let turn: Promise<void> = Promise.resolve();

/**
 * Run `draw` after every draw queued before it, each in a task of its own: the results' four charts
 * drawn in one animation frame held the main thread for well over 50 ms, one at a time they do not.
 */
export function drawInTurn(draw: () => Promise<void>): Promise<void> {
  const mine = turn.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0))).then(draw);
  turn = mine.catch(() => undefined);
  return mine;
}

/** Chart colours from the page's CSS variables, so charts follow the theme. */
export interface ThemeColors {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  surface: string;
}

/**
 * The variables' colours as the page shows them now, as rgb(): a variable holds light-dark(…),
 * which Plotly does not read, so each is resolved through a hidden element's computed colour.
 */
export function themeColors(): ThemeColors {
  const probe = document.createElement('span');
  probe.hidden = true;
  document.body.append(probe);
  const color = (name: string) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  try {
    return { text: color('--text'), muted: color('--muted'), grid: color('--border'), accent: color('--accent'), surface: color('--surface') };
  } finally {
    probe.remove();
  }
}
