/** The message of anything thrown (comlink rethrows worker errors as Error with the worker's message). */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Whether an error says that the user cancelled (load or run). */
export function isCancellation(error: unknown): boolean {
  const message = messageOf(error);
  return (error instanceof Error && error.name === 'AbortError') || /\bcancel(l)?ed\b|\baborted\b/i.test(message);
}
