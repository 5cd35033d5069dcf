import type { ExportIdentity } from '../../model/export-record.js';

/**
 * What the archive tells about account ids. DMs name people by numeric id only; handles and
 * names are learned wherever the archive pairs them with an id: account.js (the owner), the
 * mention entities and reply fields of the account's own tweets, user objects of the old
 * archive, profile links of follower/following records. A handle seen on a later date wins
 * over an earlier one (people rename themselves); the owner's own account.js always wins.
 */
interface Known {
  handle: string | null;
  name: string | null;
  /** When this was seen (ms since 1970), to let later sightings win; owner: +Infinity. */
  seenAt: number;
}

/** X account ids are positive decimal numbers; "-1" and "0" stand for users that could not be resolved. */
export function isAccountId(id: string): boolean {
  return /^[1-9]\d{0,24}$/.test(id);
}

/** X handles: letters, digits, underscore (old accounts may be longer than today's 15). */
export function isHandle(h: string): boolean {
  return /^[A-Za-z0-9_]{1,50}$/.test(h);
}

export class XIdentities {
  private readonly byId = new Map<string, Known>();
  private ownerId: string | null = null;

  /** The archive's account. */
  setOwner(id: string, handle: string | null, name: string | null): void {
    if (!isAccountId(id)) return;
    this.ownerId = id;
    this.byId.set(id, { handle: cleanHandle(handle), name: cleanName(name), seenAt: Infinity });
  }

  get owner(): ExportIdentity | null {
    return this.ownerId === null ? null : this.identity(this.ownerId);
  }

  get ownerAccountId(): string | null {
    return this.ownerId;
  }

  /** Records that `id` had `handle` and `name` at `seenAt` (ms; NaN when unknown: counts as oldest). */
  learn(id: string | null, handle: string | null, name: string | null, seenAt: number): void {
    if (id === null || !isAccountId(id)) return;
    const h = cleanHandle(handle);
    const n = cleanName(name);
    if (h === null && n === null) {
      if (!this.byId.has(id)) this.byId.set(id, { handle: null, name: null, seenAt: -Infinity });
      return;
    }
    const at = Number.isFinite(seenAt) ? seenAt : -Infinity;
    const known = this.byId.get(id);
    if (known === undefined) {
      this.byId.set(id, { handle: h, name: n, seenAt: at });
      return;
    }
    const newer = at >= known.seenAt;
    // Fill what is missing from any sighting; replace what is known only with a newer one.
    if (h !== null && (known.handle === null || newer)) known.handle = h;
    if (n !== null && (known.name === null || newer)) known.name = n;
    if (newer) known.seenAt = at;
  }

  /** The identity of an account id: address = the id, with handle and name when learned. */
  identity(id: string): ExportIdentity {
    const k = this.byId.get(id);
    return { platform: 'x', address: id, handle: k?.handle ?? null, name: k?.name ?? null };
  }

  /** Whether a handle is known for `id`. */
  resolved(id: string): boolean {
    return (this.byId.get(id)?.handle ?? null) !== null;
  }

  /** Ids with a handle known. */
  get resolvedCount(): number {
    let n = 0;
    for (const k of this.byId.values()) if (k.handle !== null) n++;
    return n;
  }
}

function cleanHandle(h: string | null): string | null {
  if (h === null) return null;
  const s = h.trim().replace(/^@/, '');
  return isHandle(s) ? s.toLowerCase() : null;
}

function cleanName(n: string | null): string | null {
  if (n === null) return null;
  const s = n.trim();
  return s === '' ? null : s;
}
