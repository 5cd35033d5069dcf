import type { ComponentChildren } from 'preact';
import type { ApiItem } from '../api/api-types.js';
import { attachmentName } from '../attachments/attachment-name.js';
import { useI18n } from '../i18n/i18n.js';
import { formatAtOffset, formatDateTimeLong, formatOffset, languageName } from '../i18n/format.js';
import { IdentityList, IdentityView } from '../ui/identity.js';
import { dateNote } from './date-note.js';
import { envelopeLabels } from './envelope-labels.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';

function Row(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testid}>{props.children}</dd>
    </>
  );
}

/** Recipients listed before "and N more": a group message is addressed to every member. */
const MAX_RECIPIENTS = 8;
/** Attachment names in the envelope before "and N more" (all of them are listed under the text). */
const HEADER_ATTACHMENTS = 5;

/** A folder name as a short label: its last two parts (`…/lay-k/inbox`); the whole name is its title. */
function folderLabel(name: string): string {
  const parts = name.split('/').filter((p) => p !== '');
  return parts.length <= 2 ? parts.join('/') : `…/${parts.slice(-2).join('/')}`;
}

/** The query of one folder: its `folder:` value as a phrase (model/folders.ts matches its words in order). */
function folderQuery(name: string): string {
  return `folder:"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The envelope: who, to whom, when (UTC, and the sender's own clock), ids, folders and flags.
 * Without `envelope` (a post, whose card shows author and time) only the rest.
 */
export function ItemHeaders({
  item,
  envelope = true,
  folders = [],
  folderQueries = [],
}: {
  item: ApiItem;
  envelope?: boolean;
  /** The folders of its copies (ItemResponse.folders), each a link to the search of that folder. */
  folders?: readonly string[];
  /** Their `folder:` values (ItemResponse.folderQueries), each the link's query and label. */
  folderQueries?: readonly string[];
}) {
  const { t, locale, lang } = useI18n();
  // An event's sender is its organiser, a contact has none, … (envelope-labels.ts).
  const label = envelopeLabels(item, t, lang);
  const utc = formatDateTimeLong(item.sentAt, locale);
  const local = item.tzOffset !== null ? formatAtOffset(item.sentAt, item.tzOffset, locale) : null;
  const note = dateNote(item, t);
  return (
    <dl class="headers" data-testid="item-headers">
      {envelope && (label.from !== null || item.from) ? (
        <Row label={label.from ?? t.hdrFrom} testid="item-from">
          {item.from ? <IdentityView identity={item.from} /> : <span class="muted">{t.nobody}</span>}
        </Row>
      ) : null}
      {envelope && item.to.length > 0 ? (
        <Row label={label.to} testid="item-to">
          <IdentityList list={item.to} max={MAX_RECIPIENTS} />
        </Row>
      ) : null}
      {item.cc.length > 0 ? (
        <Row label={label.cc}>
          <IdentityList list={item.cc} />
        </Row>
      ) : null}
      {item.bcc.length > 0 ? (
        <Row label={label.bcc}>
          <IdentityList list={item.bcc} />
        </Row>
      ) : null}
      {envelope ? (
        <Row label={label.date} testid="item-date">
          {utc ? (
            <>
              <time dateTime={item.sentAt ?? undefined}>
                {utc} {t.utc}
              </time>
              {local && item.tzOffset !== null ? (
                <span class="muted"> · {t.originalTime(local, formatOffset(item.tzOffset))}</span>
              ) : null}
              {note !== null ? <span class="flag-note"> · {note}</span> : null}
            </>
          ) : (
            <span class="muted">{t.noDate}</span>
          )}
        </Row>
      ) : null}
      {item.messageId ? (
        <Row label={t.hdrMessageId}>
          <code class="wrap">&lt;{item.messageId}&gt;</code>
        </Row>
      ) : null}
      {item.inReplyTo ? (
        <Row label={t.hdrInReplyTo}>
          <code class="wrap">&lt;{item.inReplyTo}&gt;</code>
        </Row>
      ) : null}
      {item.lang ? (
        <Row label={t.hdrLanguage}>{languageName(item.lang, lang) ?? <code>{item.lang}</code>}</Row>
      ) : null}
      {folders.length > 0 ? (
        <Row label={t.hdrFolders} testid="item-folders">
          <span class="folders">
            {folders.map((f, i) => (
              <span key={f}>
                {i > 0 ? ' · ' : null}
                <Link href={searchHref({ q: folderQuery(folderQueries[i] ?? f) })} title={f}>
                  {folderQueries[i] ?? folderLabel(f)}
                </Link>
              </span>
            ))}
          </span>
        </Row>
      ) : null}
      {item.attachments.length > 0 ? (
        <Row label={t.attachmentsTitle} testid="item-attachment-names">
          {/* The list itself is under the text, which may be long: its names here, a link down to it. */}
          <a href="#attachments">
            {item.attachments
              .slice(0, HEADER_ATTACHMENTS)
              .map((a) => attachmentName(a.name, t.attachmentNoName))
              .join(', ')}
            {item.attachments.length > HEADER_ATTACHMENTS
              ? ` ${t.andMoreLong(item.attachments.length - HEADER_ATTACHMENTS)}`
              : ''}
          </a>
        </Row>
      ) : null}
      {item.flags.length > 0 ? (
        <Row label={t.hdrFlags} testid="item-flags">
          <span class="flags">
            {item.flags.map((f, i) => (
              <code key={i} class="flag">
                {f}
              </code>
            ))}
          </span>
        </Row>
      ) : null}
      <Row label={t.hdrId}>
        <code>{item.id}</code>
      </Row>
    </dl>
  );
}
