export { openStore } from './open-store.js';
export type * from './store.js';
export { prepareItem, type PreparedItem } from './prepare-item.js';
