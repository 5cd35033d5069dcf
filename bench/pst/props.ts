/**
 * Property types and tags the writer uses ([MS-OXCDATA] 2.11.1, [MS-OXPROPS]), and encoders
 * for their values as a PST stores them (little-endian, strings UTF-16LE without terminator).
 */
export const PT_SHORT = 0x0002;
export const PT_LONG = 0x0003;
export const PT_DOUBLE = 0x0005;
export const PT_BOOLEAN = 0x000b;
export const PT_LONGLONG = 0x0014;
export const PT_UNICODE = 0x001f;
export const PT_SYSTIME = 0x0040;
export const PT_BINARY = 0x0102;

/** One property: a 32-bit tag (id << 16 | type) and its encoded value. */
export interface Prop {
  tag: number;
  value: Buffer;
}

export const tagType = (tag: number): number => tag & 0xffff;
export const tagId = (tag: number): number => tag >>> 16;

/** Bytes of a fixed-size type, or 0 for a variable-size one. */
export function fixedSize(type: number): number {
  switch (type) {
    case PT_BOOLEAN:
      return 1;
    case PT_SHORT:
      return 2;
    case PT_LONG:
      return 4;
    case PT_DOUBLE:
    case PT_LONGLONG:
    case PT_SYSTIME:
      return 8;
    default:
      return 0;
  }
}

export function long(tag: number, n: number): Prop {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n | 0);
  return { tag, value: b };
}

export function bool(tag: number, v: boolean): Prop {
  return { tag, value: Buffer.from([v ? 1 : 0]) };
}

export function double(tag: number, v: number): Prop {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return { tag, value: b };
}

/** FILETIME: 100 ns ticks since 1601-01-01 UTC. */
export function time(tag: number, ms: number): Prop {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Math.round(ms)) + 11644473600000n) * 10000n);
  return { tag, value: b };
}

export function str(tag: number, s: string): Prop {
  return { tag, value: Buffer.from(s, 'utf16le') };
}

export function bin(tag: number, b: Uint8Array): Prop {
  return { tag, value: Buffer.from(b.buffer, b.byteOffset, b.byteLength) };
}

/** Tags ([MS-OXPROPS]); names without the PidTag prefix. */
export const TAG = {
  Importance: 0x00170003,
  MessageClass: 0x001a001f,
  Subject: 0x0037001f,
  ClientSubmitTime: 0x00390040,
  SentRepresentingName: 0x0042001f,
  SentRepresentingAddressType: 0x0064001f,
  SentRepresentingEmailAddress: 0x0065001f,
  ConversationTopic: 0x0070001f,
  SenderName: 0x0c1a001f,
  SenderAddressType: 0x0c1e001f,
  SenderEmailAddress: 0x0c1f001f,
  RecipientType: 0x0c150003,
  DisplayBcc: 0x0e02001f,
  DisplayCc: 0x0e03001f,
  DisplayTo: 0x0e04001f,
  MessageDeliveryTime: 0x0e060040,
  MessageFlags: 0x0e070003,
  MessageSize: 0x0e080003,
  Responsibility: 0x0e0f000b,
  HasAttachments: 0x0e1b000b,
  AttachSize: 0x0e200003,
  RecordKey: 0x0ff90102,
  ObjectType: 0x0ffe0003,
  Body: 0x1000001f,
  Html: 0x10130102,
  InternetMessageId: 0x1035001f,
  InternetReferences: 0x1039001f,
  InReplyToId: 0x1042001f,
  DisplayName: 0x3001001f,
  AddressType: 0x3002001f,
  EmailAddress: 0x3003001f,
  CreationTime: 0x30070040,
  LastModificationTime: 0x30080040,
  ValidFolderMask: 0x35df0003,
  IpmSubTreeEntryId: 0x35e00102,
  IpmWastebasketEntryId: 0x35e30102,
  FinderEntryId: 0x35e70102,
  ContentCount: 0x36020003,
  ContentUnreadCount: 0x36030003,
  Subfolders: 0x360a000b,
  ContainerClass: 0x3613001f,
  AssociatedContentCount: 0x36170003,
  AttachDataBinary: 0x37010102,
  AttachExtension: 0x3703001f,
  AttachFilename: 0x3704001f,
  AttachMethod: 0x37050003,
  AttachLongFilename: 0x3707001f,
  RenderingPosition: 0x370b0003,
  AttachMimeTag: 0x370e001f,
  AttachContentId: 0x3712001f,
  DisplayType: 0x39000003,
  SmtpAddress: 0x39fe001f,
  GivenName: 0x3a06001f,
  BusinessTelephoneNumber: 0x3a08001f,
  Surname: 0x3a11001f,
  CompanyName: 0x3a16001f,
  Title: 0x3a17001f,
  MobileTelephoneNumber: 0x3a1c001f,
  InternetCodepage: 0x3fde0003,
  SenderSmtpAddress: 0x5d01001f,
  SentRepresentingSmtpAddress: 0x5d02001f,
  RecipientDisplayName: 0x5ff6001f,
  LtpRowId: 0x67f20003,
  LtpRowVer: 0x67f30003,
  NameidBucketCount: 0x00010003,
  NameidStreamGuid: 0x00020102,
  NameidStreamEntry: 0x00030102,
  NameidStreamString: 0x00040102,
} as const;
