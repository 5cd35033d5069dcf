import { useAnnotationMessages } from './annotation-messages.js';
import { MarksEditor } from './marks-editor.js';

/** The reporter's marks on a whole conversation (its page): they reach each of its messages. */
export function ConversationAnnotations(props: { conversationId: string }) {
  const { m } = useAnnotationMessages();
  return (
    <MarksEditor
      key={`conversation:${props.conversationId}`}
      kind="conversation"
      targetKey={props.conversationId}
      hint={m.conversationMarks}
    />
  );
}

/** The reporter's marks on a person (their page): kept on the identity, not on their messages. */
export function PersonAnnotations(props: { personKey: string }) {
  const { m } = useAnnotationMessages();
  return (
    <MarksEditor
      key={`person:${props.personKey}`}
      kind="person"
      targetKey={props.personKey}
      hint={m.personMarks}
    />
  );
}
