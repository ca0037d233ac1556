/**
 * The simulator judges requests and shapes responses by Miro's document: checked with a JSON
 * Schema validator independent of both the simulator's (ajv) and the client's (zod).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { measureConformance, type Conformance } from './support/document-conformance.js';

let sim: MiroSimulator;
let result: Conformance;
beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['conformance'], rateLimit: false });
  result = await measureConformance(sim, 'conformance');
});
afterAll(() => sim.close());

describe('the simulator against the document', () => {
  it('refuses every body that breaks a schema of the document', () => {
    expect(result.schemaInvalid.accepted).toEqual([]);
  });

  it('refuses every body that breaks a rule the document writes in prose', () => {
    expect(result.ruleBreaking.accepted).toEqual([]);
  });

  it('answers with bodies that validate against the document, refusals included', () => {
    expect(result.responses.invalid).toEqual([]);
    expect(result.responses.total).toBeGreaterThanOrEqual(30);
  });
});
