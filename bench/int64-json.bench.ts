/**
 * What exact int64 parsing costs per answer: `parseWithInt64` against plain `JSON.parse` on an
 * items page as Miro sends it (ids inside strings: JSON.parse plus a walk over the result), and
 * on a page whose ids are numbers beyond 2^53 (parsed a second time from quoted text). Run: `npm run bench int64`. Ratios printed, no assertion.
 */
import { parseWithInt64 } from '../src/http/int64-json.js';

const item = (i: number, numericId: boolean, prose = '') => ({
  id: numericId ? `@@${3458764517517852417n + BigInt(i)}@@` : String(3458764517517852417n + BigInt(i)),
  type: 'sticky_note',
  data: { content: `<p>note ${i}${prose}</p>`, shape: 'square' },
  style: { fillColor: 'light_yellow', textAlign: 'center' },
  position: { x: i * 1.5, y: -i, origin: 'center' },
  geometry: { width: 199.99, height: 228 },
  createdAt: '2024-03-30T17:26:50.000Z',
  createdBy: { id: '3458764517517852417', type: 'user' },
  parent: { id: '3458764517517819000' },
});
const page = (numericId: boolean, prose = '') =>
  JSON.stringify({
    data: Array.from({ length: 50 }, (_, i) => item(i, numericId, prose)),
    total: 10_000,
    size: 50,
    cursor: 'MzQ1ODc2NDUyMjQ5MDA4Mjg5NX4=',
    limit: 50,
  }).replace(/"@@(\d+)@@"/g, '$1');

function opsPerSecond(parse: (text: string) => unknown, text: string): number {
  for (let i = 0; i < 2_000; i += 1) parse(text); // warm-up
  const rounds = 20_000;
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) parse(text);
  return rounds / ((performance.now() - started) / 1000);
}

const pages = [
  ['ids in strings (fast path)', page(false)],
  ['ids in strings, long digit runs in text (still the fast path)', page(false, ' ref:1234567890123456789')],
  ['ids as numbers > 2^53 (slow path)', page(true)],
] as const;
for (const [name, text] of pages) {
  const plain = opsPerSecond(JSON.parse, text);
  const exact = opsPerSecond(parseWithInt64, text);
  console.log(
    `${name}: ${(text.length / 1024).toFixed(1)} KB page; JSON.parse ${plain.toFixed(0)}/s, parseWithInt64 ${exact.toFixed(0)}/s (${(exact / plain).toFixed(2)}x)`,
  );
}
