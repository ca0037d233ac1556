// Sticky notes name their colour; shapes and frames give a hex value.
const DEFAULT_STICKY = '#fff9b1';
const STICKY_COLORS: Record<string, string> = {
  gray: '#f5f6f8',
  light_yellow: '#fff9b1',
  yellow: '#f5d128',
  orange: '#ff9d48',
  light_green: '#d5f692',
  green: '#c9df56',
  dark_green: '#93d275',
  cyan: '#67c6c0',
  light_pink: '#ffcee0',
  pink: '#ea94bb',
  violet: '#c6a2d2',
  red: '#f16c7f',
  light_blue: '#a6ccf5',
  blue: '#6cd8fa',
  dark_blue: '#9ea9ff',
  black: '#1a1a1a',
};

/** The CSS colour an item is drawn in: empty for the type's default. */
export function colorOf(type: string, fill: unknown): string {
  if (typeof fill !== 'string') return type === 'sticky_note' ? DEFAULT_STICKY : '';
  if (type === 'sticky_note') return STICKY_COLORS[fill] ?? DEFAULT_STICKY;
  return /^#[0-9a-f]{3,8}$/i.test(fill) ? fill : '';
}
