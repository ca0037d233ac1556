import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { contentTypeFromFileName } from '../../src/index.js';
import { fileFromPath, fileFromStream } from '../../src/node/index.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'miro-rx-files-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('fileFromPath', () => {
  it('knows the size and type at once and reads the bytes only when asked', async () => {
    const path = join(folder, 'photo.jpeg');
    await writeFile(path, Buffer.from('first'));
    const file = await fileFromPath(path, { fileName: 'Team photo.jpeg' });
    expect([file.fileName, file.contentType, (file.data as Blob).size]).toEqual(['Team photo.jpeg', 'image/jpeg', 5]);
    expect(await (file.data as Blob).text()).toBe('first');
  });

  it('names the path when it cannot be used', async () => {
    await expect(fileFromPath(join(folder, 'missing.png'))).rejects.toThrow(/cannot read .*missing\.png \(ENOENT\)/);
    await expect(fileFromPath(folder)).rejects.toThrow(/is not a regular file/);
    await expect(fileFromPath('')).rejects.toThrow(/path must be a non-empty string/);
  });
});

describe('fileFromStream', () => {
  it('gathers Node and web streams, strings included', async () => {
    const node = await fileFromStream(Readable.from(['ab', Buffer.from('cd')]), { fileName: 'notes.txt' });
    expect([Buffer.from(node.data as Uint8Array).toString(), node.contentType]).toEqual(['abcd', 'text/plain']);
    const web = await fileFromStream(new Blob(['xyz']).stream(), { fileName: 'data', contentType: 'application/x-custom' });
    expect([Buffer.from(web.data as Uint8Array).toString(), web.contentType]).toEqual(['xyz', 'application/x-custom']);
  });

  it('stops at maxBytes and destroys the stream', async () => {
    const stream = Readable.from(
      (function* () {
        for (let n = 0; n < 100; n += 1) yield Buffer.alloc(1000);
      })(),
    );
    await expect(fileFromStream(stream, { fileName: 'big.png', maxBytes: 4500 })).rejects.toThrow('fileFromStream: big.png is larger than 4500 bytes');
    expect(stream.destroyed).toBe(true);
  });

  it('refuses what is not a stream, or a missing name', async () => {
    await expect(fileFromStream(Buffer.from('x') as never, { fileName: 'a.png' })).rejects.toThrow(/must be a Readable/);
    await expect(fileFromStream(Readable.from([]), { fileName: '' })).rejects.toThrow(/fileName must be a non-empty string/);
  });
});

describe('contentTypeFromFileName', () => {
  it('maps known extensions, case-insensitively, and falls back to octet-stream', () => {
    expect(contentTypeFromFileName('A.PNG')).toBe('image/png');
    expect(contentTypeFromFileName('deck.pptx')).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(contentTypeFromFileName('archive.tar.unknown')).toBe('application/octet-stream');
    expect(contentTypeFromFileName('README')).toBe('application/octet-stream');
    expect(contentTypeFromFileName('trailing.')).toBe('application/octet-stream');
  });
});
