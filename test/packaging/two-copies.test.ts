// A second copy of the modules (as the other build of the package would be), loaded with
// vi.resetModules: errors and the limiter registry must still be one family and one registry.
import { describe, expect, it, vi } from 'vitest';

async function freshCopy() {
  vi.resetModules();
  const errors = await import('../../src/errors/miro-errors.js');
  const processWide = await import('../../src/limiter/process-wide.js');
  return { ...errors, ...processWide };
}

describe('two copies of miro-rx in one process', () => {
  it("recognise each other's errors by class, and only by the right class", async () => {
    const a = await freshCopy();
    const b = await freshCopy();
    expect(a.MiroApiError).not.toBe(b.MiroApiError);
    const request = { operationId: 'get-specific-board', method: 'GET' as const, path: '/v2/boards/x' };
    const fromA = new a.MiroRateLimitError('too many', { status: 429, request });
    expect(fromA instanceof b.MiroRateLimitError).toBe(true);
    expect(fromA instanceof b.MiroApiError).toBe(true);
    expect(fromA instanceof b.MiroError).toBe(true);
    expect(b.isMiroError(fromA)).toBe(true);
    expect(fromA instanceof b.MiroNetworkError).toBe(false);
    expect(new a.MiroApiError('gone', { status: 404, request }) instanceof b.MiroRateLimitError).toBe(false);
    expect(new Error('plain') instanceof b.MiroError).toBe(false);
    expect(b.isMiroError({ name: 'MiroError', message: 'look-alike' })).toBe(false);
    expect(b.isMiroError(null)).toBe(false);
  });

  it('share one process-wide registry', async () => {
    const a = await freshCopy();
    const b = await freshCopy();
    const name = `test-registry-${Math.random()}`;
    const made = a.processWide(name, () => new Map<string, number>([['budget', 1]]));
    expect(b.processWide(name, () => new Map<string, number>())).toBe(made);
  });
});
