import { describe, expect, it } from 'vitest';
import { isItemOfType, type BoardItem } from '../../src/index.js';

describe('isItemOfType', () => {
  const note = { id: '1', type: 'sticky_note', data: { content: 'hi' } } as BoardItem;
  const future = JSON.parse('{"id":"2","type":"mind_map_v9","data":{"anything":1}}') as BoardItem;

  it('keeps the asked type and nothing else', () => {
    expect(isItemOfType(note, 'sticky_note')).toBe(true);
    expect(isItemOfType(note, 'shape')).toBe(false);
    expect([note, future].filter((item) => isItemOfType(item, 'sticky_note'))).toEqual([note]);
  });

  it('lets an item of an unknown type through a stream untouched', () => {
    expect([note, future].filter((item) => !isItemOfType(item, 'sticky_note'))).toEqual([future]);
  });
});
