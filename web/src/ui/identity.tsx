import type { Identity } from '../api/api-types.js';

/** The handle (as @handle) on platforms that have one, else the address or account id. */
function identityKey(id: Identity): string {
  return id.handle ? `@${id.handle}` : id.address;
}

/** What a reader recognises first: the display name, else the handle, address or account id. */
export function identityLabel(id: Identity): string {
  return id.name && id.name.trim() !== '' ? id.name : identityKey(id);
}

/** "Name <address>" for titles and copying; the address alone when there is no name. */
export function identityFull(id: Identity): string {
  return id.name && id.name.trim() !== '' && id.name !== id.address
    ? `${id.name} <${identityKey(id)}>`
    : identityKey(id);
}

/** Name with the address beside it, dimmed; as text, since both came from the message. */
export function IdentityView({ identity }: { identity: Identity }) {
  const hasName = identity.name !== null && identity.name.trim() !== '' && identity.name !== identity.address;
  return (
    <span class="identity" title={identityFull(identity)}>
      {hasName ? (
        <>
          <span class="identity-name">{identity.name}</span>{' '}
          <span class="identity-address">&lt;{identityKey(identity)}&gt;</span>
        </>
      ) : (
        <span class="identity-address-only">{identityKey(identity)}</span>
      )}
    </span>
  );
}

export function IdentityList({ list }: { list: Identity[] }) {
  return (
    <span class="identity-list">
      {list.map((id, i) => (
        <span key={i}>
          {i > 0 ? ', ' : null}
          <IdentityView identity={id} />
        </span>
      ))}
    </span>
  );
}
