import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { setCsrfToken } from '../login/csrf-token.js';
import { getMe, type Me } from '../login/team-api.js';
import type { TeamSession, TeamSessionControl } from '../login/team-session.js';

/** The header the team server (src/api/team-server.ts) puts on every answer; single-user mode has none. */
export const MODE_HEADER = 'x-innsyn-mode';

/**
 * Whether this server is a team server: a HEAD of the UI shell (public in both modes, so no
 * failed request shows in the console of single-user mode) and its X-Innsyn-Mode header.
 */
async function isTeamServer(signal: AbortSignal): Promise<boolean> {
  const res = await fetch('/', { method: 'HEAD', credentials: 'same-origin', cache: 'no-store', signal });
  return res.headers.get(MODE_HEADER) === 'team';
}

/**
 * The app shell's session (login/team-session.ts's useTeamSession, with the mode asked first):
 * single-user mode asks nothing more and looks as it always did; in team mode GET /api/me says
 * who is logged in (401: nobody, show the login page).
 */
export function useTeam(): TeamSessionControl {
  const [session, setSession] = useState<TeamSession>({ status: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    const fail = (err: unknown) => {
      if (ctrl.signal.aborted) return;
      setSession({
        status: 'error',
        error: err instanceof ApiError ? err : new ApiError('network', String(err), 0),
      });
    };
    isTeamServer(ctrl.signal).then((team) => {
      if (ctrl.signal.aborted) return;
      if (!team) {
        setSession({ status: 'single-user' });
        return;
      }
      getMe(ctrl.signal).then((me) => {
        if (!ctrl.signal.aborted)
          setSession(me ? { status: 'signed-in', me } : { status: 'anonymous', ended: false });
      }, fail);
    }, fail);
    return () => ctrl.abort();
  }, []);
  const loggedIn = useCallback((me: Me) => setSession({ status: 'signed-in', me }), []);
  const loggedOut = useCallback(() => {
    setCsrfToken(null);
    setSession({ status: 'anonymous', ended: false });
  }, []);
  const ended = useCallback(() => {
    setCsrfToken(null);
    setSession((s) => (s.status === 'signed-in' ? { status: 'anonymous', ended: true } : s));
  }, []);
  return { session, loggedIn, loggedOut, ended };
}
