import type { ItemKind, Visibility } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';

/** Proper names of platforms; an unknown platform is shown as the export called it. */
const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  twitter: 'X',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  slack: 'Slack',
  signal: 'Signal',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** "email", or "X · message": the platform is named when it is not plain email. */
export function KindBadge({ kind, platform, t }: { kind: ItemKind; platform: string; t: Messages }) {
  const kindLabel = t.kinds[kind] ?? kind;
  const label =
    platform === 'email' && kind === 'email' ? kindLabel : `${platformName(platform)} · ${kindLabel}`;
  return <span class={`badge badge-kind badge-${kind}`}>{label}</span>;
}

export function VisibilityBadge({ visibility, t }: { visibility: Visibility; t: Messages }) {
  return (
    <span class={`badge badge-${visibility === 'public' ? 'public' : 'private'}`}>
      {visibility === 'public' ? t.public : t.private}
    </span>
  );
}

export function PaperclipIcon({ label }: { label: string }) {
  return (
    <svg class="icon icon-clip" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label={label}>
      <title>{label}</title>
      <path
        d="M10.5 4.5 5.8 9.2a1.2 1.2 0 0 0 1.7 1.7l5-5a2.5 2.5 0 0 0-3.5-3.5l-5 5a3.8 3.8 0 0 0 5.3 5.3L13.5 8"
        fill="none"
        stroke="currentColor"
        stroke-width="1.4"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
