/**
 * Errors the CSV reader throws. Their messages are shown to the person who chose the file, so they
 * say what was expected, not how the parser failed.
 */

/** The file cannot be read as a table; nothing was loaded. */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    // Set explicitly: the class identity is lost when the error crosses the worker boundary, the name is not.
    this.name = 'CsvError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  // Not signal.throwIfAborted(): that throws whatever reason the caller passed, and callers
  // recognise a cancelled load by the name 'AbortError'.
  if (signal?.aborted) throw new DOMException('Reading the CSV file was cancelled', 'AbortError');
}

/** "The file" or, when the source is a named File, "The file "name.csv"", to start a message with. */
export function describeSource(source: unknown): string {
  const name = (source as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? `The file "${name}"` : 'The file';
}
