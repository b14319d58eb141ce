/**
 * Models that our own code trains on the CPU (solvers, trees) name their backend by the workers
 * that trained them, `cpu-workers-N`, which the page shows as "CPU (N workers)".
 */
export function cpuBackend(workers: number): string {
  return `cpu-workers-${workers}`;
}

/** The workers a backend id names, or undefined for a TensorFlow.js backend. */
export function cpuWorkers(backend: string): number | undefined {
  const m = /^cpu-workers-(\d+)$/.exec(backend);
  return m ? Number(m[1]) : undefined;
}
