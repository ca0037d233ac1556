// Characters never outnumber UTF-8 bytes, and a character takes at most three (a surrogate pair,
// two characters, takes four): most texts are judged without counting.
/** True when a body is longer than `limit` bytes (as UTF-8, for text). */
export function exceeds(data: unknown, limit: number): boolean {
  if (typeof data === 'string') return data.length > limit || (data.length * 3 > limit && utf8Length(data) > limit);
  if (data instanceof ArrayBuffer) return data.byteLength > limit;
  return typeof Blob !== 'undefined' && data instanceof Blob && data.size > limit;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
  }
  return bytes;
}
