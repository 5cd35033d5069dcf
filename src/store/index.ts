export { openStore } from './open-store.js';
export type * from './store.js';
export type * from './people.js';
export { parsePeopleEditsDocument, peopleEditsDocument } from './people-edits.js';
export { prepareItem, type PreparedItem } from './prepare-item.js';
