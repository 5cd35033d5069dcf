import type { ExportIdentity } from '../../model/export-record.js';
import type { XFileRole } from './x-layout.js';

/** What reading one file of the archive gave. */
export interface XFileReport {
  /** Member path in the tree. */
  member: string;
  role: XFileRole;
  /**
   * Top-level elements framed in the file's array: the unit manifest.js counts (for DMs that is
   * conversations, not messages). Null for files that are not arrays (manifest.js).
   */
  elements: number | null;
  /** ExportRecords yielded from this file (messages, posts; for note tweets: those not joined to a tweet). */
  items: number;
  /** UnreadableInputs yielded for this file. */
  unreadable: number;
  /**
   * Events and elements read that are not items, by kind: group events ('joinConversation',
   * 'participantsJoin', …), encrypted-chat events ('markConversationReadEvent', …), note
   * tweets joined to their tweet ('note-joined').
   */
  skipped: Record<string, number>;
  /** Oddities worth telling (an unexpected global name, a trailing comma, bytes after the array). */
  notes: string[];
}

/** One line of the comparison with the archive's own declaration of its record counts. */
export interface ManifestCheck {
  /** The file as the manifest names it, relative to the archive root ('data/tweets.js'). */
  file: string;
  /** Member path in the tree, or null when the file is not in it. */
  member: string | null;
  /** The manifest's data type ('tweets', 'directMessages'), null when the manifest does not declare the file. */
  dataType: string | null;
  /** Declared count, null when undeclared. */
  declared: number | null;
  /** Elements framed, null when the file is absent. */
  read: number | null;
  /** declared === read. */
  matches: boolean;
  /** What the difference means, when there is one. */
  note: string | null;
}

export interface XArchiveReport {
  /** The export as given. */
  path: string;
  /** 'ytd' (2019 on), 'grailbird' (before), null when the tree holds no X archive. */
  generation: 'ytd' | 'grailbird' | null;
  /** The archive root in the tree ('' or 'twitter-…/'). */
  root: string | null;
  /** The archive's account, from account.js (else the manifest, else the old user_details.js). */
  account: ExportIdentity | null;
  manifest: {
    /** manifest.js (or the old tweet_index.js) member, null when the archive has none. */
    member: string | null;
    generatedAt: string | null;
    /** The manifest's isPartialArchive. */
    partial: boolean | null;
    /** Why it could not be read, when it could not. */
    problem: string | null;
  };
  files: XFileReport[];
  /**
   * Declared against read, for every file read that the manifest declares or that is an item
   * file, and for every declared file of a kind the reader reads that is missing from the tree.
   */
  manifestCheck: ManifestCheck[];
  identities: {
    /** Account ids with a handle learned from the archive. */
    resolved: number;
    /** Account ids named by items (senders, recipients, participants) with no handle anywhere in the archive. */
    unresolved: string[];
  };
  notes: string[];
  /** True once records() has been read to its end. */
  complete: boolean;
}

export function emptyReport(path: string): XArchiveReport {
  return {
    path,
    generation: null,
    root: null,
    account: null,
    manifest: { member: null, generatedAt: null, partial: null, problem: null },
    files: [],
    manifestCheck: [],
    identities: { resolved: 0, unresolved: [] },
    notes: [],
    complete: false,
  };
}
