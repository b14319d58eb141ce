export { argmaxRows, classificationMetrics } from './classification';
export type { ClassificationMetrics, ClassMetrics } from './classification';
export { regressionMetrics } from './regression';
export type { RegressionMetrics } from './regression';
