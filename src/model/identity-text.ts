import type { Identity } from './item.js';

/** How a person is written for a reader: `Name <address>`, `Name <@handle>`, `@handle` or the bare address/id. */
export function identityText(i: Identity): string {
  const key = i.handle ? `@${i.handle}` : i.address;
  return i.name ? `${i.name} <${key}>` : key;
}

/** The shortest readable form: the name, else the handle, else the address or account id. */
export function identityShort(i: Identity): string {
  return i.name ?? (i.handle ? `@${i.handle}` : i.address);
}
