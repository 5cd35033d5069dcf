import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { setCsrfToken } from './csrf-token.js';
import { getMe, type Me } from './team-api.js';

/**
 * Whether the app runs in team mode and who is logged in, from GET /api/me: 200 logged in,
 * 401 team mode with nobody logged in (show the login page), 404 single-user mode (the route
 * does not exist there; the `?token=` cookie is the only credential).
 */
export type TeamSession =
  | { status: 'loading' }
  | { status: 'single-user' }
  | { status: 'anonymous'; ended: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; error: ApiError };

export interface TeamSessionControl {
  session: TeamSession;
  /** After LoginPage's onLoggedIn. */
  loggedIn: (me: Me) => void;
  /** After AccountMenu's onLoggedOut. */
  loggedOut: () => void;
  /** When any request answers 401 in team mode: the session ended elsewhere (idle, logout, new password). */
  ended: () => void;
}

export function useTeamSession(): TeamSessionControl {
  const [session, setSession] = useState<TeamSession>({ status: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    getMe(ctrl.signal).then(
      (me) => {
        if (!ctrl.signal.aborted)
          setSession(me ? { status: 'signed-in', me } : { status: 'anonymous', ended: false });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && err.code === 'not-found') setSession({ status: 'single-user' });
        else
          setSession({
            status: 'error',
            error: err instanceof ApiError ? err : new ApiError('internal', String(err), 0),
          });
      },
    );
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
