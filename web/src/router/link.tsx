import type { ComponentChildren, JSX } from 'preact';
import { followLink } from './router.js';

type AnchorProps = Omit<JSX.IntrinsicElements['a'], 'href' | 'onClick'>;

/** A link to a page of the UI itself; the browser's own behaviour for new tabs is kept. */
export function Link(props: AnchorProps & { href: string; children?: ComponentChildren }) {
  const { href, children, ...rest } = props;
  return (
    <a {...rest} href={href} onClick={(e) => followLink(e, href)}>
      {children}
    </a>
  );
}
