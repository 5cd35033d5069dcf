import type { Identity } from '../api/api-types.js';

/** What a reader recognises first: the display name, else the address or handle. */
export function identityLabel(id: Identity): string {
  return id.name && id.name.trim() !== '' ? id.name : id.address;
}

/** "Name <address>" for titles and copying; the address alone when there is no name. */
export function identityFull(id: Identity): string {
  return id.name && id.name.trim() !== '' && id.name !== id.address
    ? `${id.name} <${id.address}>`
    : id.address;
}

/** Name with the address beside it, dimmed; as text, since both came from the message. */
export function IdentityView({ identity }: { identity: Identity }) {
  const hasName = identity.name !== null && identity.name.trim() !== '' && identity.name !== identity.address;
  return (
    <span class="identity" title={identityFull(identity)}>
      {hasName ? (
        <>
          <span class="identity-name">{identity.name}</span>{' '}
          <span class="identity-address">&lt;{identity.address}&gt;</span>
        </>
      ) : (
        <span class="identity-address-only">{identity.address}</span>
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
