import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { LANG_NAMES, LANGS, type Lang, useI18n } from '../i18n/i18n.js';
import { loginMessages, waitWords } from './login-messages.js';
import { LoginRefused, login, type Me } from './team-api.js';
import './login.css';

export interface LoginPageProps {
  /** Called with who logged in (the CSRF token is kept already: login/csrf-token.ts). */
  onLoggedIn: (me: Me) => void;
  /** Why the page is shown, when a session ended under the reader's feet. */
  reason?: 'session-ended';
}

type Problem =
  { kind: 'wrong' } | { kind: 'limited'; seconds: number | null } | { kind: 'network' } | { kind: 'failed' };

/**
 * Team mode's login (docs/team.md): a user name and a password, posted as JSON to
 * /api/login. The password field is cleared after a failure; the name stays. A refused login
 * says only "wrong user name or password" (as the server does), or how long to wait when the
 * server limits the tries.
 */
export function LoginPage({ onLoggedIn, reason }: LoginPageProps) {
  const { lang, setLang } = useI18n();
  const t = loginMessages(lang);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t.title} – innsyn`;
  }, [t]);
  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || name.trim() === '' || password === '') return;
    setBusy(true);
    setProblem(null);
    try {
      const me = await login(name.trim(), password);
      setPassword('');
      onLoggedIn(me);
    } catch (err) {
      setPassword('');
      if (err instanceof LoginRefused) {
        setProblem(
          err.reason === 'rate-limited'
            ? { kind: 'limited', seconds: err.retryAfterSeconds }
            : { kind: 'wrong' },
        );
      } else if (err instanceof ApiError && err.code === 'network') setProblem({ kind: 'network' });
      else setProblem({ kind: 'failed' });
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  let problemText: string | null = null;
  if (problem?.kind === 'wrong') problemText = t.wrong;
  else if (problem?.kind === 'limited')
    problemText = problem.seconds === null ? t.limitedSoon : t.limited(waitWords(t, problem.seconds));
  else if (problem?.kind === 'network') problemText = t.network;
  else if (problem?.kind === 'failed') problemText = t.failed;

  return (
    <div class="login-page" data-testid="login-page">
      <form class="login-card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
        <div class="login-brand" aria-hidden="true">
          innsyn
        </div>
        <h1 id="login-title">{t.title}</h1>
        <p class="login-intro">{reason === 'session-ended' ? t.sessionEnded : t.intro}</p>
        {problemText !== null && (
          <p class="login-problem" role="alert" data-testid="login-problem">
            {problemText}
          </p>
        )}
        <label class="login-field">
          <span>{t.name}</span>
          <input
            ref={nameRef}
            name="username"
            type="text"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            maxLength={200}
            required
            value={name}
            data-testid="login-name"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="login-field">
          <span>{t.password}</span>
          <input
            ref={passwordRef}
            name="password"
            type="password"
            autocomplete="current-password"
            maxLength={4096}
            required
            value={password}
            data-testid="login-password"
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button
          type="submit"
          class="btn btn-primary login-submit"
          disabled={busy || name.trim() === '' || password === ''}
          data-testid="login-submit"
        >
          {busy ? t.working : t.submit}
        </button>
        <p class="login-forgot">{t.forgot}</p>
        <label class="login-lang">
          <span>{t.language}</span>
          <select
            value={lang}
            data-testid="login-lang"
            onChange={(e) => setLang(e.currentTarget.value as Lang)}
          >
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </form>
    </div>
  );
}
