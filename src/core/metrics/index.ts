export { argmaxRows, classificationMetrics } from './classification';
export type { ClassificationMetrics, ClassMetrics } from './classification';
export { regressionMetrics } from './regression';
export type { RegressionMetrics } from './regression';
export { averagePrecision, calibrationCurve, metricsAtThreshold, precisionRecallCurve, rocCurve } from './curves';
export type { BinaryScores, ThresholdMetrics } from './curves';
