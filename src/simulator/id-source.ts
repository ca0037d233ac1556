/**
 * Ids in Miro's formats: items, tags, connectors and groups get 19-digit numeric strings,
 * boards get base64-looking ids such as `uXjVK7ao0tY=`. Counters make them deterministic:
 * the same sequence of calls gives the same ids, and `seed` shifts the whole sequence.
 */
export class IdSource {
  #item: bigint;
  #board: number;
  #member = 0;

  constructor(seed = 0) {
    this.#item = 3458764500000000000n + BigInt((seed >>> 0) % 1_000_000) * 1_000_000n;
    this.#board = (seed >>> 0) % 1_000_000;
  }

  /** A numeric id (items, connectors, tags, groups, members, users). */
  next(): string {
    this.#item += 1n;
    return this.#item.toString();
  }

  /** Board member ids stay below 2^53, so that answers may carry them as JSON numbers. */
  member(): string {
    this.#member += 1;
    return String(3074457000000000 + this.#member);
  }

  board(): string {
    this.#board += 1;
    const bytes = Buffer.alloc(5);
    bytes.writeUInt32BE(this.#board >>> 0, 1);
    bytes[0] = 0x4b;
    // 'uXjV' + 7 base64 characters + '=' mirrors the length and alphabet of Miro's board ids.
    return `uXjV${bytes.toString('base64').slice(0, 7)}=`;
  }
}
