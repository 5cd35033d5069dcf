/** The analyses' view of items and persons lives in model/ (the store hands these out). */
export type { AnalysisItem, AnalysisPerson } from '../model/analysis-item.js';
