import { useState } from 'preact/hooks';
import type { Identity } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { identityFull, identityKeyText, identityName } from './identity-text.js';

export { identityFull, identityLabel } from './identity-text.js';

/** Name with the handle or address beside it, dimmed; as text, since both came from the message. */
export function IdentityView({ identity }: { identity: Identity }) {
  const name = identityName(identity);
  return (
    <span class="identity" title={identityFull(identity)}>
      {name !== null ? (
        <>
          <span class="identity-name">{name}</span>{' '}
          <span class="identity-address">&lt;{identityKeyText(identity)}&gt;</span>
        </>
      ) : (
        <span class="identity-address-only">{identityKeyText(identity)}</span>
      )}
    </span>
  );
}

/**
 * A list of identities; past `max` the rest is behind a button (a group chat message is
 * addressed to every member, and a channel can have thousands).
 */
export function IdentityList({ list, max }: { list: Identity[]; max?: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const cut = max !== undefined && !open && list.length > max + 1;
  const shown = cut ? list.slice(0, max) : list;
  return (
    <span class="identity-list">
      {shown.map((id, i) => (
        <span key={i}>
          {i > 0 ? ', ' : null}
          <IdentityView identity={id} />
        </span>
      ))}
      {cut ? (
        <>
          {' '}
          <button type="button" class="link-button" onClick={() => setOpen(true)} data-testid="identity-more">
            {t.andMoreLong(list.length - shown.length)}
          </button>
        </>
      ) : null}
    </span>
  );
}
