import type { OutlookItem } from '../../../src/sources/outlook/outlook-item.js';

/** An Outlook item with nothing set (a note, IPM.Note, unless `over` says otherwise), to fill in. */
export function outlookItem(over: Partial<OutlookItem>): OutlookItem {
  return {
    messageClass: 'IPM.Note',
    subject: null,
    sender: null,
    representing: null,
    recipients: [],
    submitTime: null,
    deliveryTime: null,
    creationTime: null,
    modificationTime: null,
    transportHeaders: null,
    messageId: null,
    inReplyTo: null,
    references: null,
    body: null,
    html: null,
    rtfCompressed: null,
    attachments: [],
    start: null,
    end: null,
    details: [],
    flags: [],
    ...over,
  };
}
