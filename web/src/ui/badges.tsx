import type { ItemKind, Visibility } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';
import { kindLabel } from './kind-label.js';

export { kindLabel, platformName } from './kind-label.js';

export function KindBadge({ kind, platform, t }: { kind: ItemKind; platform: string; t: Messages }) {
  return (
    <span class={`badge badge-kind badge-${kind}`} data-testid="kind-badge">
      {kindLabel(kind, platform, t)}
    </span>
  );
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
