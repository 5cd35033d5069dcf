/** The star and the note mark, drawn (no icon font: nothing is fetched, and they scale with the text). */
export function StarIcon(props: { filled: boolean; label?: string }) {
  const { filled, label } = props;
  return (
    <svg
      class={`icon ann-star-icon${filled ? ' is-on' : ''}`}
      viewBox="0 0 16 16"
      width="15"
      height="15"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {label ? <title>{label}</title> : null}
      <path
        d="M8 1.6l1.9 4 4.4.5-3.3 3 .9 4.3L8 11.2l-3.9 2.2.9-4.3-3.3-3 4.4-.5z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        stroke-width="1.3"
        stroke-linejoin="round"
      />
    </svg>
  );
}

export function NoteIcon(props: { label: string }) {
  return (
    <svg
      class="icon ann-note-icon"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      role="img"
      aria-label={props.label}
    >
      <title>{props.label}</title>
      <path
        d="M3 2.5h7l3 3v8H3z M10 2.5v3h3 M5.5 8h5 M5.5 10.5h4"
        fill="none"
        stroke="currentColor"
        stroke-width="1.3"
        stroke-linejoin="round"
        stroke-linecap="round"
      />
    </svg>
  );
}
