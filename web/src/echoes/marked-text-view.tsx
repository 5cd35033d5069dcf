import type { EchoMark } from './echoes-types.js';
import type { EchoMessages } from './echoes-messages.js';
import { markedRuns } from './marked-text.js';

/** A text from the material with the evidence in <mark>; everything as text, nothing as markup. */
export function MarkedText(props: { text: string; marks: readonly EchoMark[]; m: EchoMessages }) {
  const runs = markedRuns(props.text, props.marks);
  return (
    <>
      {runs.map((r, i) =>
        r.kinds.length === 0 ? (
          r.text
        ) : (
          <mark
            key={i}
            class={`echo-mark is-${r.kinds[0] as string}`}
            data-kind={r.kinds.join(' ')}
            title={r.kinds.map((k) => props.m.kinds[k]).join(' · ')}
          >
            {r.text}
          </mark>
        ),
      )}
    </>
  );
}
