/**
 * Team mode: a 401 from any API request means the session ended (idle, logout in another tab, a
 * new password, the account disabled). The app shell listens and shows the login page.
 */
const listeners = new Set<() => void>();

export function onSessionEnded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionEnded(): void {
  for (const l of listeners) l();
}
