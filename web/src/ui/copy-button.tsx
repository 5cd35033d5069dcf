import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';
import { copyText } from './copy-text.js';

/** How long "Copied" stays before the button reads "Copy" again. */
const FEEDBACK_MS = 1500;

export function CopyButton(props: { text: string; label?: string; what: string; testid?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const onClick = () => {
    void copyText(props.text).then((ok) => {
      setState(ok ? 'copied' : 'failed');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setState('idle'), FEEDBACK_MS);
    });
  };
  const text = state === 'copied' ? t.copied : state === 'failed' ? t.copyFailed : (props.label ?? t.copy);
  return (
    <button
      type="button"
      class={`btn btn-small btn-copy${state === 'copied' ? ' is-done' : ''}`}
      aria-label={props.label ? undefined : t.copyLabel(props.what)}
      data-testid={props.testid}
      onClick={onClick}
    >
      <span aria-live="polite">{text}</span>
    </button>
  );
}
