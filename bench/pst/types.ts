/** What `writePst` writes: a folder tree of messages, given as plain data. */

export interface PstPerson {
  name: string;
  /** SMTP address. */
  address: string;
}

export interface PstAttachmentInput {
  filename: string;
  mimeType?: string;
  contentId?: string;
  data: Uint8Array;
}

export interface PstAppointmentInput {
  /** UTC milliseconds. */
  start: number;
  end: number;
  location?: string;
}

export interface PstTaskInput {
  start?: number;
  due?: number;
  /** PidLidTaskStatus: 0 not started, 1 in progress, 2 complete, 3 waiting, 4 deferred. */
  status?: number;
  percentComplete?: number;
}

export interface PstContactInput {
  givenName?: string;
  surname?: string;
  company?: string;
  title?: string;
  email?: string;
  businessPhone?: string;
  mobilePhone?: string;
}

export interface PstMessageInput {
  /** Default IPM.Note; IPM.Appointment, IPM.Contact and IPM.Task take the fields below. */
  messageClass?: string;
  subject: string;
  from?: PstPerson;
  to?: PstPerson[];
  cc?: PstPerson[];
  bcc?: PstPerson[];
  /** PidTagClientSubmitTime, UTC milliseconds. */
  submitTime?: number;
  /** PidTagMessageDeliveryTime, UTC milliseconds. */
  deliveryTime?: number;
  body?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  attachments?: PstAttachmentInput[];
  appointment?: PstAppointmentInput;
  task?: PstTaskInput;
  contact?: PstContactInput;
  /** Marked read (default true). */
  read?: boolean;
}

export interface PstFolderInput {
  name: string;
  /** PidTagContainerClass: IPF.Note (default), IPF.Appointment, IPF.Contact, IPF.Task. */
  containerClass?: string;
  /** Read lazily, one at a time: a generator keeps a large file out of memory. */
  messages?: Iterable<PstMessageInput>;
  subfolders?: PstFolderInput[];
}

export interface PstInput {
  folders: PstFolderInput[];
}

export interface PstWriteOptions {
  /** The store's display name (default "Personal Folders"). */
  displayName?: string;
  /** Name of the IPM subtree folder (default "Top of Personal Folders"). */
  topFolderName?: string;
  /** The store's 16-byte record key, in every entry id (default fixed bytes). */
  storeUid?: Uint8Array;
  /** bCryptMethod (default 0, none; 1 = NDB_CRYPT_PERMUTE). */
  crypt?: 0 | 1;
  /** Called after each message with the file's size so far (a generator's stop condition). */
  onMessage?: (stats: PstWriteStats) => void;
  /**
   * Bytes one block of a folder table's row matrix holds (default 8176, the largest block of a
   * PST). Outlook's 4 KiB-page OST files (Outlook 2013 and later) have larger blocks: one holds
   * a whole contents table of 160 rows of 339 bytes (54,240 bytes). Larger than 8176 (at most
   * 65,472) makes a file of that shape, for the readers' tests: a Unicode PST that libpff and
   * readpst may refuse.
   */
  rowMatrixBlock?: number;
}

export interface PstWriteStats {
  /** Bytes allocated in the file so far. */
  bytes: number;
  messages: number;
  attachments: number;
  /** Messages by class. */
  classes: Record<string, number>;
  /** User folders written (not the root, the IPM subtree, Deleted Items or Search Root). */
  folders: number;
}

export interface PstWriteResult extends PstWriteStats {
  path: string;
  /** Every folder written, by path from the root as readers show it, with its item count. */
  folderPaths: Array<{ path: string; nid: number; items: number }>;
}
