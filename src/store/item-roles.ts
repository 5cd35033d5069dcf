/**
 * `item_identities.role`: how an identity takes part in an item, the same numbers in both
 * dialects (SQLite migration 0002, PostgreSQL migration 0001) and in the facet index.
 */
export const ROLE = { from: 0, to: 1, cc: 2, bcc: 3 } as const;
