import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router/link.js';
import type { Echo } from './timeline-api.js';
import { formatInstant } from './timeline-format.js';
import type { PersonLabel } from './timeline-labels.js';
import { timelineMessages } from './timeline-messages.js';

export interface EchoRow {
  echo: Echo;
  href: string;
  latency: string;
  evidence: string;
  /** False when neither end is in the window shown. */
  inView: boolean;
}

/**
 * The echoes drawn as arrows, as a list: the same evidence for a keyboard or a screen reader,
 * and a place to read the times exactly. Strongest first, as the API ranks them.
 */
export function TimelineEchoList(props: {
  rows: readonly EchoRow[];
  label: (key: string | null) => PersonLabel;
}) {
  const { lang, locale } = useI18n();
  const t = timelineMessages(lang);
  const at = (iso: string | null) => (iso ? formatInstant(Date.parse(iso), locale) : '–');
  const who = (key: string | null) => {
    const l = props.label(key);
    return l.sub ? `${l.name} ${l.sub}` : l.name;
  };
  return (
    <ol class="tl-echo-list" data-testid="timeline-echo-list">
      {props.rows.map((r) => (
        <li
          key={`${r.echo.private.id}>${r.echo.public.id}`}
          class={r.inView ? undefined : 'is-outside'}
          data-testid="timeline-echo-row"
        >
          <span class="tl-echo-from">
            <span class="tl-swatch is-private" aria-hidden="true" /> {who(r.echo.private.from)},{' '}
            <Link href={`/item/${encodeURIComponent(r.echo.private.id)}`}>{at(r.echo.private.sentAt)}</Link>
          </span>
          <span class="tl-echo-arrow" aria-hidden="true">
            →
          </span>
          <span class="tl-echo-to">
            <span class="tl-swatch is-public" aria-hidden="true" /> {who(r.echo.public.author)},{' '}
            <Link href={`/item/${encodeURIComponent(r.echo.public.id)}`}>{at(r.echo.public.sentAt)}</Link>
          </span>
          <span class="tl-echo-latency" data-testid="timeline-echo-latency">
            {t.echoLater(r.latency)}
          </span>
          <span class="tl-echo-evidence muted">{r.evidence}</span>
          <Link href={r.href} class="tl-echo-both">
            {t.echoBoth}
          </Link>
        </li>
      ))}
    </ol>
  );
}
