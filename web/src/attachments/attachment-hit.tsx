import { PaperclipIcon } from '../ui/badges.js';
import { Snippet } from '../ui/snippet.js';
import { attachmentName } from './attachment-name.js';
import { useAttachmentMessages } from './attachment-messages.js';
import type { AttachmentHit } from './attachment-types.js';
import './attachments.css';

/**
 * A search result whose words are in one of its attachments rather than its own text: "in
 * attachment NAME" and the passage of the file's text around them. Name and passage are the
 * material's: text only.
 */
export function AttachmentHitLine({ hit }: { hit: AttachmentHit }) {
  const { m } = useAttachmentMessages();
  const name = attachmentName(hit.name, hit.sha256.slice(0, 12));
  return (
    <>
      <span class="r-att-hit" data-testid="result-attachment-hit">
        <span aria-hidden="true">
          <PaperclipIcon label="" />
        </span>
        {m.inAttachment(name)}:
      </span>{' '}
      <Snippet text={hit.snippet} />
    </>
  );
}
