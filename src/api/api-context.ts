import type { Store } from '../store/index.js';
import type { ResponseCache } from './response-cache.js';

/** What every route needs, handed to each route module by build-app.ts. */
export interface ApiContext {
  store: Store;
  /** The built UI (web/dist). */
  uiDir: string;
  /** Where errors and their causes are written (stderr by default). */
  log: (line: string) => void;
  /** Search answers by query and data version; null when caching is off. */
  cache: ResponseCache | null;
}
