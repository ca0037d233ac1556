/**
 * `npx tsx scripts/measure-simulator.ts`: how closely the simulator follows Miro's document,
 * measured with a JSON Schema validator of its own (see test/simulator/support/document-conformance.ts).
 * Prints the counts and what falls short; starts and stops its own simulator on loopback.
 */
import { startMiroSimulator } from '../src/simulator/index.js';
import { measureConformance } from '../test/simulator/support/document-conformance.js';

const sim = await startMiroSimulator({ tokens: ['measure'], rateLimit: false });
try {
  const { schemaInvalid, ruleBreaking, responses } = await measureConformance(sim, 'measure');
  console.log(`schema-invalid bodies refused: ${schemaInvalid.refused} of ${schemaInvalid.total}`);
  console.log(`rule-breaking bodies refused:  ${ruleBreaking.refused} of ${ruleBreaking.total}`);
  console.log(`responses that validate:       ${responses.valid} of ${responses.total}`);
  for (const what of [...schemaInvalid.accepted, ...ruleBreaking.accepted]) console.log(`  accepted: ${what}`);
  for (const what of responses.invalid) console.log(`  invalid response: ${what}`);
} finally {
  await sim.close();
}
