export * from './errors.js';
export type * from './item.js';
export type * from './raw-record.js';
export type * from './export-record.js';
export * from './ids.js';
export * from './snippet-markers.js';
export * from './identity-text.js';
export type * from './analysis-item.js';
