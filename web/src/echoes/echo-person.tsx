import type { EchoPerson } from './echoes-types.js';

/** What to call a person key: the name, else @handle, else the key's own part (`email:a@b` → `a@b`). */
export function personText(
  key: string | null,
  people: Record<string, EchoPerson>,
): { name: string; handle: string | null } | null {
  if (key === null) return null;
  const p = people[key];
  const handle = p?.handle ? `@${p.handle}` : null;
  const bare = key.slice(key.indexOf(':') + 1) || key;
  const name = p?.name?.trim() || handle || bare;
  return { name, handle: handle !== null && handle !== name ? handle : null };
}

/** A person as text: name with the handle beside it, dimmed. Unknown: the given fallback. */
export function EchoPersonView(props: {
  personKey: string | null;
  people: Record<string, EchoPerson>;
  unknown: string;
}) {
  const p = personText(props.personKey, props.people);
  if (p === null) return <span class="muted">{props.unknown}</span>;
  return (
    <span class="identity" title={props.personKey ?? undefined}>
      <span class="identity-name">{p.name}</span>
      {p.handle !== null ? <span class="identity-address"> {p.handle}</span> : null}
    </span>
  );
}
