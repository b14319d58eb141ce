/**
 * Long fits share the thread with the messages that would cancel them: every 50 ms or so they let
 * the event loop run (a macrotask, as the network training loop in train.ts does) and then stop
 * with an AbortError if the signal has fired.
 */
export interface FitProgress {
  /** Iterations (boosting) or trees (forest) done, of `total`. */
  done: number;
  total: number;
  trainLoss?: number;
  validationLoss?: number;
  /** Random forest: the out-of-bag accuracy or R² so far. */
  oobScore?: number;
}

export interface FitHooks {
  signal?: AbortSignal;
  onProgress?(progress: FitProgress): void;
}

const YIELD_EVERY_MS = 50;

export function trainingCancelled(): Error {
  const error = new Error('Training was cancelled.');
  error.name = 'AbortError';
  return error;
}

export class Cooperation {
  #last = performance.now();

  constructor(private readonly signal: AbortSignal | undefined) {
    this.check();
  }

  check(): void {
    if (this.signal?.aborted) throw trainingCancelled();
  }

  /** Yields to the event loop when the last yield is 50 ms old; throws if training was cancelled. */
  async breathe(): Promise<void> {
    if (performance.now() - this.#last >= YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#last = performance.now();
    }
    this.check();
  }
}
