// Miro's item types as a person names them.
const NAMES: Record<string, string> = {
  sticky_note: 'sticky note',
  app_card: 'app card',
  preview: 'link preview',
};

/** `sticky_note`, 30 -> `30 sticky notes`; `text`, 1 -> `1 text`. */
export function countOf(type: string, count: number): string {
  const name = NAMES[type] ?? type.replace(/_/g, ' ');
  return `${count} ${name}${count === 1 ? '' : name.endsWith('x') ? 'es' : 's'}`;
}

/** The plural name alone, for the type filter: `sticky notes`. */
export function pluralOf(type: string): string {
  return countOf(type, 2).slice(2);
}
