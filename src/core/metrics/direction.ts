/** Metrics where lower is better (errors and losses); every other metric is better higher. */
const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse', 'mape', 'log_loss']);

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric);
}
