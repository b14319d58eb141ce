/**
 * Run `work` in a task of its own after the next frame has painted, so that it does not add to the
 * task that rendered the frame (two 30 ms tasks keep the page responsive where one of 60 ms does not).
 * Returns a function that cancels it if it has not run yet.
 */
export function afterNextPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(work, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
