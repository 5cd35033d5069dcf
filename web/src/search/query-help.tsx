import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';

/**
 * The query language at a glance (README.md's table), with the keyboard shortcuts. Clicking an
 * example adds it to the query being typed.
 */
export function QueryHelp(props: { onInsert: (example: string) => void; onClose: () => void; id: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') props.onClose();
    };
    const onDown = (e: MouseEvent) => {
      const el = ref.current;
      const target = e.target as Node | null;
      if (
        el &&
        target &&
        !el.contains(target) &&
        !(target instanceof Element && target.closest('.help-toggle'))
      )
        props.onClose();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [props.onClose]);
  return (
    <div
      class="query-help"
      role="dialog"
      aria-label={t.helpTitle}
      id={props.id}
      ref={ref}
      data-testid="query-help"
    >
      <div class="query-help-head">
        <h2>{t.helpTitle}</h2>
        <button type="button" class="btn btn-small" onClick={props.onClose}>
          {t.helpClose}
        </button>
      </div>
      <table class="help-table">
        <thead>
          <tr>
            <th scope="col">{t.helpSyntax}</th>
            <th scope="col">{t.helpMeaning}</th>
          </tr>
        </thead>
        <tbody>
          {t.helpRows.map(([example, meaning]) => (
            <tr key={example}>
              <td>
                <button
                  type="button"
                  class="help-example"
                  aria-label={t.helpInsert(example)}
                  onClick={() => props.onInsert(example)}
                >
                  <code>{example}</code>
                </button>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.keyboardTitle}</h3>
      <table class="help-table help-keys">
        <tbody>
          {t.keyboardRows.map(([key, meaning]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
