/**
 * How a sender or recipient is written: `Name <@handle>` on platforms with handles,
 * `Name <address>` for email, the key alone when the name adds nothing. Plain strings, so the
 * search rows, the chat and the headers all say the same.
 */
import type { Identity } from '../api/api-types.js';

/** The handle (as @handle) on platforms that have one, else the address or account id. */
export function identityKeyText(id: Identity): string {
  return id.handle ? `@${id.handle}` : id.address;
}

/**
 * The display name when it says more than the key beside it: not empty, not the address, not
 * the handle again (Slack and Telegram often name a user by the handle itself).
 */
export function identityName(id: Identity): string | null {
  const name = id.name?.trim() ?? '';
  if (name === '' || name === id.address) return null;
  // Exactly the handle: "WikiLeaks" beside @wikileaks still tells how the account writes its name.
  if (id.handle && name.replace(/^@/, '') === id.handle) return null;
  return name;
}

/** What a reader recognises first: the display name, else the handle, address or account id. */
export function identityLabel(id: Identity): string {
  return identityName(id) ?? identityKeyText(id);
}

/** "Name <@handle>" or "Name <address>" for titles and copying; the key alone when there is no name. */
export function identityFull(id: Identity): string {
  const name = identityName(id);
  return name !== null ? `${name} <${identityKeyText(id)}>` : identityKeyText(id);
}
