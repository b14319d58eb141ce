/** Recorded in every model's lineage. Bump with package.json. */
export const APP_VERSION = '0.1.0';
