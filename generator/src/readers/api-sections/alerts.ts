/**
 * Alerts (Note, Tip, Important, Warning, Caution): a label and a paragraph that belong to the
 * parameter or section they appear in. Markdown writes them `> [!WARNING]`; a rendered page shows
 * the label alone on a line and the paragraph after it. Either way the reader keeps the text where
 * it is, as `Warning: text`: an alert is never a parameter, and its text is never dropped.
 */

const KINDS = ['note', 'tip', 'important', 'warning', 'caution'];

/** `[!WARNING]` at the start of a Markdown block. */
const MARKER = new RegExp(`^\\s*\\[!(${KINDS.join('|')})\\]\\s*`, 'i');
/** A label alone (`Warning`, `Note:`), as a rendered page shows it, or as a marker becomes alone. */
const LABEL = new RegExp(`^(${KINDS.join('|')}):?$`, 'i');

function labelWord(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1).toLowerCase();
}

/** The label of a line that holds only an alert label (`Warning`, `Note:`), else undefined. */
export function alertLabel(text: string): string | undefined {
  const m = LABEL.exec(text.trim());
  return m?.[1] ? `${labelWord(m[1])}:` : undefined;
}

/** A block's text with a leading `[!WARNING]` marker written as the label `Warning:`. */
export function withAlertLabel(text: string): string {
  return text.replace(MARKER, (_, kind: string) => `${labelWord(kind)}: `).trim();
}

/**
 * Joins an item whose text is only an alert label with the item after it (`Warning:` then `Do
 * not...` becomes `Warning: Do not...`), so the label stays with its paragraph. `text` reads an
 * item; `join` makes the merged item from the label item, its label and the next item, or returns
 * undefined when the next item cannot take a label (a table): then both are kept as they are.
 */
export function joinAlertLabels<T>(items: readonly T[], text: (item: T) => string, join: (item: T, label: string, next: T) => T | undefined): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const label = alertLabel(text(item));
    const next = items[i + 1];
    const joined = label && next !== undefined && alertLabel(text(next)) === undefined ? join(item, label, next) : undefined;
    if (joined) {
      out.push(joined);
      i++;
    } else {
      out.push(item);
    }
  }
  return out;
}
