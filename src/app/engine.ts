/** The one engine worker of the page, started on first use and ended when the page goes away. */
import { startEngine, type Engine } from '../engine/client';

let engine: Engine | undefined;

export function engineApi(): Engine['api'] {
  engine ??= startEngine();
  return engine.api;
}

export function disposeEngine(): void {
  engine?.dispose();
  engine = undefined;
}
