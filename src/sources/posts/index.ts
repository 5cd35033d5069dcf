/**
 * Public post lists: CSV, JSON and JSON Lines files of posts by one or more accounts (a third
 * account's public posts, scraped or exported by a tool), read into ExportRecords of kind
 * 'post'. See README.md in this folder for the columns and an example.
 */
export { isPostList, readPostList } from './post-list-reader.js';
export type { PostListFormat, PostListInput, PostListOptions, PostRecord } from './post-list-reader.js';
export { DEFAULT_POST_LIST_LIMITS, resolvePostListLimits, type PostListLimits } from './post-list-limits.js';
export { ACCEPTED_NAMES, type PostField } from './post-columns.js';
