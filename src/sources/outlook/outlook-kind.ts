import type { ItemKind } from '../../model/index.js';

/**
 * The kind of item an Outlook message class stands for. Calendar items, contacts (and
 * distribution lists) and tasks are items of their own kind; everything else Outlook keeps in a
 * mail folder reads as mail: notes, posts, meeting requests and responses, task requests,
 * reports (the class is kept as a flag, `outlook-class:IPM.Schedule.Meeting.Request`).
 * https://learn.microsoft.com/en-us/office/vba/outlook/concepts/forms/item-types-and-message-classes
 */
export function outlookKind(messageClass: string): ItemKind {
  const c = messageClass.toLowerCase();
  if (c === 'ipm.appointment' || c.startsWith('ipm.appointment.')) return 'event';
  // An exception of a recurring appointment (one occurrence moved or changed), kept attached to it.
  if (c === 'ipm.ole.class.{00061055-0000-0000-c000-000000000046}') return 'event';
  if (
    c === 'ipm.contact' ||
    c.startsWith('ipm.contact.') ||
    c === 'ipm.distlist' ||
    c.startsWith('ipm.distlist.')
  )
    return 'contact';
  if (c === 'ipm.task' || c.startsWith('ipm.task.')) return 'task';
  return 'email';
}
