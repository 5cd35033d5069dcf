import type { NodeContent, SubnodeContent } from './data-tree.js';
import { PSETID_ADDRESS, PSETID_APPOINTMENT, PSETID_TASK, namedTag } from './named-props.js';
import { buildPropertyContext } from './property-context.js';
import { type Prop, TAG, bin, bool, double, long, str, time } from './props.js';
import { buildTableContext } from './table-context.js';
import type { PstAttachmentInput, PstMessageInput, PstPerson } from './types.js';

/** Subnode NIDs of a message ([MS-PST] 2.4.5, 2.4.6). */
const NID_ATTACHMENT_TABLE = 0x671;
const NID_RECIPIENT_TABLE = 0x692;
const NID_TYPE_ATTACHMENT = 0x05;
const FIRST_ATTACHMENT_INDEX = 0x401;

const MSGFLAG_READ = 0x01;
const MSGFLAG_HASATTACH = 0x10;
const ATTACH_BY_VALUE = 1;
const MAPI_MAILUSER = 6;
const RECIPIENT_TYPE = { to: 1, cc: 2, bcc: 3 } as const;
/** PidTagInternetCodepage of the HTML body: UTF-8. */
const CP_UTF8 = 65001;

/** Columns of a message's recipient table (after row id and version), as Outlook's template. */
const RECIPIENT_COLUMNS = [
  TAG.RecipientType,
  TAG.Responsibility,
  TAG.ObjectType,
  TAG.DisplayName,
  TAG.AddressType,
  TAG.EmailAddress,
  TAG.DisplayType,
  TAG.SmtpAddress,
  TAG.RecipientDisplayName,
];

const ATTACHMENT_COLUMNS = [TAG.AttachSize, TAG.AttachFilename, TAG.AttachMethod, TAG.RenderingPosition];

/** Columns of a folder's contents table, also written for each message as its row. */
export const CONTENTS_COLUMNS = [
  TAG.Importance,
  TAG.MessageClass,
  TAG.Subject,
  TAG.ClientSubmitTime,
  TAG.SentRepresentingName,
  TAG.MessageDeliveryTime,
  TAG.MessageFlags,
  TAG.MessageSize,
  TAG.LastModificationTime,
];

export interface BuiltMessage {
  content: NodeContent;
  /** Its row in the folder's contents table (without the row id). */
  row: Prop[];
  attachments: number;
  messageClass: string;
}

function optionalStr(out: Prop[], tag: number, s: string | undefined): void {
  if (s !== undefined && s !== '') out.push(str(tag, s));
}

function names(list: readonly PstPerson[] | undefined): string {
  return (list ?? []).map((p) => p.name || p.address).join('; ');
}

function extension(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot) : '';
}

/** The 8.3 name Outlook keeps beside the long one (PidTagAttachFilename). */
function shortName(filename: string): string {
  const ext = extension(filename);
  const base =
    filename
      .slice(0, filename.length - ext.length)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8) || 'ATTACH';
  return (base + ext.slice(0, 4)).toUpperCase();
}

function attachmentNode(nid: number, a: PstAttachmentInput): SubnodeContent {
  const props: Prop[] = [
    long(TAG.AttachMethod, ATTACH_BY_VALUE),
    long(TAG.AttachSize, a.data.length),
    long(TAG.RenderingPosition, -1),
    str(TAG.AttachLongFilename, a.filename),
    str(TAG.AttachFilename, shortName(a.filename)),
    str(TAG.DisplayName, a.filename),
    bin(TAG.AttachDataBinary, a.data),
  ];
  optionalStr(props, TAG.AttachExtension, extension(a.filename));
  optionalStr(props, TAG.AttachMimeTag, a.mimeType);
  optionalStr(props, TAG.AttachContentId, a.contentId);
  return { nid, ...buildPropertyContext(props) };
}

/**
 * One message object ([MS-PST] 2.4.5): its property context, recipient table, attachment
 * table and attachment objects (subnodes), ready to be written as one node.
 */
export function buildMessage(m: PstMessageInput): BuiltMessage {
  const messageClass = m.messageClass ?? 'IPM.Note';
  const attachments = m.attachments ?? [];
  const when = m.deliveryTime ?? m.submitTime ?? 0;
  const props: Prop[] = [
    str(TAG.MessageClass, messageClass),
    str(TAG.Subject, m.subject),
    str(TAG.ConversationTopic, m.subject.replace(/^((re|sv|fw|fwd|vs)\s*:\s*)+/i, '')),
    long(TAG.Importance, 1),
    long(
      TAG.MessageFlags,
      (m.read === false ? 0 : MSGFLAG_READ) | (attachments.length > 0 ? MSGFLAG_HASATTACH : 0),
    ),
    bool(TAG.HasAttachments, attachments.length > 0),
  ];
  if (m.submitTime !== undefined) props.push(time(TAG.ClientSubmitTime, m.submitTime));
  if (m.deliveryTime !== undefined) props.push(time(TAG.MessageDeliveryTime, m.deliveryTime));
  if (when > 0) props.push(time(TAG.CreationTime, when), time(TAG.LastModificationTime, when));
  if (m.from !== undefined) {
    props.push(
      str(TAG.SenderName, m.from.name),
      str(TAG.SenderAddressType, 'SMTP'),
      str(TAG.SenderEmailAddress, m.from.address),
      str(TAG.SenderSmtpAddress, m.from.address),
      str(TAG.SentRepresentingName, m.from.name),
      str(TAG.SentRepresentingAddressType, 'SMTP'),
      str(TAG.SentRepresentingEmailAddress, m.from.address),
      str(TAG.SentRepresentingSmtpAddress, m.from.address),
    );
  }
  optionalStr(props, TAG.DisplayTo, names(m.to));
  optionalStr(props, TAG.DisplayCc, names(m.cc));
  optionalStr(props, TAG.DisplayBcc, names(m.bcc));
  optionalStr(props, TAG.Body, m.body);
  if (m.html !== undefined && m.html !== '') {
    props.push(bin(TAG.Html, Buffer.from(m.html, 'utf8')), long(TAG.InternetCodepage, CP_UTF8));
  }
  optionalStr(props, TAG.InternetMessageId, m.messageId);
  optionalStr(props, TAG.InReplyToId, m.inReplyTo);
  optionalStr(props, TAG.InternetReferences, m.references);
  if (m.appointment !== undefined) {
    props.push(
      time(namedTag(PSETID_APPOINTMENT, 0x820d), m.appointment.start),
      time(namedTag(PSETID_APPOINTMENT, 0x820e), m.appointment.end),
    );
    optionalStr(props, namedTag(PSETID_APPOINTMENT, 0x8208), m.appointment.location);
  }
  if (m.task !== undefined) {
    const t = m.task;
    if (t.start !== undefined) props.push(time(namedTag(PSETID_TASK, 0x8104), t.start));
    if (t.due !== undefined) props.push(time(namedTag(PSETID_TASK, 0x8105), t.due));
    props.push(long(namedTag(PSETID_TASK, 0x8101), t.status ?? 0));
    props.push(double(namedTag(PSETID_TASK, 0x8102), t.percentComplete ?? 0));
    props.push(bool(namedTag(PSETID_TASK, 0x811c), (t.status ?? 0) === 2));
  }
  if (m.contact !== undefined) {
    const c = m.contact;
    const display = [c.givenName, c.surname].filter((x) => x !== undefined && x !== '').join(' ');
    optionalStr(props, TAG.DisplayName, display || m.subject);
    optionalStr(props, TAG.GivenName, c.givenName);
    optionalStr(props, TAG.Surname, c.surname);
    optionalStr(props, TAG.CompanyName, c.company);
    optionalStr(props, TAG.Title, c.title);
    optionalStr(props, TAG.BusinessTelephoneNumber, c.businessPhone);
    optionalStr(props, TAG.MobileTelephoneNumber, c.mobilePhone);
    if (c.email !== undefined && c.email !== '') {
      props.push(
        str(namedTag(PSETID_ADDRESS, 0x8083), c.email),
        str(namedTag(PSETID_ADDRESS, 0x8080), display ? `${display} (${c.email})` : c.email),
        str(namedTag(PSETID_ADDRESS, 0x8082), 'SMTP'),
      );
    }
  }
  const size =
    props.reduce((n, p) => n + p.value.length, 0) + attachments.reduce((n, a) => n + a.data.length, 0);
  props.push(long(TAG.MessageSize, size));

  const pc = buildPropertyContext(props);
  const subnodes: SubnodeContent[] = [...pc.subnodes];

  const recipients = [
    ...(m.to ?? []).map((p) => ({ p, type: RECIPIENT_TYPE.to })),
    ...(m.cc ?? []).map((p) => ({ p, type: RECIPIENT_TYPE.cc })),
    ...(m.bcc ?? []).map((p) => ({ p, type: RECIPIENT_TYPE.bcc })),
  ];
  subnodes.push({
    nid: NID_RECIPIENT_TABLE,
    ...buildTableContext(
      RECIPIENT_COLUMNS,
      recipients.map(({ p, type }, i) => ({
        id: i,
        props: [
          long(TAG.RecipientType, type),
          bool(TAG.Responsibility, false),
          long(TAG.ObjectType, MAPI_MAILUSER),
          str(TAG.DisplayName, p.name || p.address),
          str(TAG.AddressType, 'SMTP'),
          str(TAG.EmailAddress, p.address),
          long(TAG.DisplayType, 0),
          str(TAG.SmtpAddress, p.address),
          str(TAG.RecipientDisplayName, p.name || p.address),
        ],
      })),
    ),
  });
  if (attachments.length > 0) {
    const nids = attachments.map((_, i) => (((FIRST_ATTACHMENT_INDEX + i) << 5) | NID_TYPE_ATTACHMENT) >>> 0);
    subnodes.push({
      nid: NID_ATTACHMENT_TABLE,
      ...buildTableContext(
        ATTACHMENT_COLUMNS,
        attachments.map((a, i) => ({
          id: nids[i] as number,
          props: [
            long(TAG.AttachSize, a.data.length),
            str(TAG.AttachFilename, shortName(a.filename)),
            long(TAG.AttachMethod, ATTACH_BY_VALUE),
            long(TAG.RenderingPosition, -1),
          ],
        })),
      ),
    });
    attachments.forEach((a, i) => subnodes.push(attachmentNode(nids[i] as number, a)));
  }

  const row: Prop[] = [
    long(TAG.Importance, 1),
    str(TAG.MessageClass, messageClass),
    str(TAG.Subject, m.subject),
    long(
      TAG.MessageFlags,
      (m.read === false ? 0 : MSGFLAG_READ) | (attachments.length > 0 ? MSGFLAG_HASATTACH : 0),
    ),
    long(TAG.MessageSize, size),
  ];
  if (when > 0) row.push(time(TAG.LastModificationTime, when));
  if (m.submitTime !== undefined) row.push(time(TAG.ClientSubmitTime, m.submitTime));
  if (m.deliveryTime !== undefined) row.push(time(TAG.MessageDeliveryTime, m.deliveryTime));
  if (m.from !== undefined && m.from.name !== '') row.push(str(TAG.SentRepresentingName, m.from.name));
  return { content: { blocks: pc.blocks, subnodes }, row, attachments: attachments.length, messageClass };
}
