import { useLayoutEffect, useRef } from 'preact/hooks';

export type HotkeyMap = Partial<Record<string, (e: KeyboardEvent) => void>>;

/** Typing in a field is text, not a command. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/**
 * Single-key shortcuts (`/`, `j`, `k`, `u`) while the page is mounted. Ignored with Ctrl, Alt
 * or Meta (the browser's own shortcuts) and while typing in a field.
 */
export function useHotkeys(map: HotkeyMap): void {
  const ref = useRef(map);
  ref.current = map;
  // A layout effect is registered in the same commit as the page: a key pressed right after a
  // navigation (j, then u) reaches the new page instead of falling between two pages.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
      const handler = ref.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
