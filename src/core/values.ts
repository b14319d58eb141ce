/**
 * The two words every layer speaks: what a pipeline predicts and what a parameter holds. They live
 * on the ground floor so that the parameter schemas (params.ts) and the pipeline file (pipeline/spec.ts)
 * both import them without importing each other.
 */
export type Task = 'classification' | 'regression';

export type ParamValue = string | number | boolean | string[];
