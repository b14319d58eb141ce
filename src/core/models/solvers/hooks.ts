/**
 * What a caller hands a solver to watch it and to stop it. The solvers are synchronous arithmetic
 * with an `await` of a macrotask every YIELD_EVERY_MS, so that a cancel message (or a paint) gets
 * in between row blocks, as the tfjs training loop does (train.ts); a microtask would not let it in.
 */

export interface SolverProgress {
  /** Completed iterations (L-BFGS iterations, coordinate-descent sweeps, CG steps). */
  iteration: number;
  maxIterations: number;
  /** The objective the solver minimises, on the scale its result's lossHistory states. */
  loss: number;
  /**
   * What the stopping rule compares with its tolerance: the largest (sub)gradient entry (logistic
   * solvers), the duality gap (lasso / elastic net), the residual norm (ridge by CG); 0 for a direct solve.
   */
  gradientNorm?: number;
}

export interface SolverHooks {
  signal?: AbortSignal;
  onProgress?: (progress: SolverProgress) => void;
}

const YIELD_EVERY_MS = 50;
/** Rows per step of a row loop that can yield: large enough that the clock read costs nothing. */
const ROWS_PER_BLOCK = 32_768;

/** The error a cancelled fit ends with: the name and message the tfjs training loop uses. */
export function cancelledError(): Error {
  const error = new Error('Training was cancelled.');
  error.name = 'AbortError';
  return error;
}

/**
 * Decides when a hot loop should let the event loop run: `if (pacer.due()) await pacer.pause();`
 * costs one clock read when nothing is due, so it can sit in a loop over row blocks or coordinates.
 */
export class Pacer {
  #last = performance.now();

  constructor(private readonly signal?: AbortSignal) {
    this.throwIfCancelled();
  }

  /** True once a pause is due, or at once when the signal has aborted (pause then throws). */
  due(): boolean {
    return this.signal?.aborted === true || performance.now() - this.#last >= YIELD_EVERY_MS;
  }

  async pause(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#last = performance.now();
    this.throwIfCancelled();
  }

  /** Runs `body` over consecutive ranges of at most `size` rows, letting the event loop in between when due. */
  async forEachBlock(rows: number, body: (start: number, length: number) => void, size = ROWS_PER_BLOCK): Promise<void> {
    for (let start = 0; start < rows; start += size) {
      body(start, Math.min(size, rows - start));
      if (this.due()) await this.pause();
    }
  }

  throwIfCancelled(): void {
    if (this.signal?.aborted) throw cancelledError();
  }
}
