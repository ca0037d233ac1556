// Loads both builds of miro-rx in one process, as mixed toolchains do, and reports whether an
// error from one copy is recognised by the other and whether both spend one limiter per budget.
const cjs = require('miro-rx');
const { startMiroSimulator } = require('miro-rx/simulator');
const { firstValueFrom } = require('rxjs');

async function main() {
  const esm = await import('miro-rx');
  const miro = await startMiroSimulator({ tokens: ['dual-token'] });
  try {
    const board = miro.state.createBoard({ name: 'Dual board' });
    const options = { baseUrl: miro.url, scimBaseUrl: `${miro.url}/scim` };
    await firstValueFrom(new cjs.MiroApi('dual-token', options).getSpecificBoard(board.id));
    await firstValueFrom(new esm.MiroApi('dual-token', options).getSpecificBoard(board.id));
    const fromEsm = await firstValueFrom(new esm.MiroApi('dual-token', options).getSpecificBoard('missing')).catch((e) => e);
    const limiters = globalThis[Symbol.for('miro-rx.shared-credit-limiters@1')];
    // The ESM build keeps no names (tsup.config.ts): each class must still be named as exported.
    const renamed = Object.entries(esm).filter(([key, value]) => typeof value === 'function' && /^[A-Z]/.test(key) && value.name !== key);
    console.log(
      JSON.stringify({
        twoCopies: cjs.MiroApi !== esm.MiroApi,
        esmErrorIsCjsMiroApiError: fromEsm instanceof cjs.MiroApiError,
        esmErrorIsCjsMiroError: fromEsm instanceof cjs.MiroError && cjs.isMiroError(fromEsm),
        esmErrorIsCjsTimeout: fromEsm instanceof cjs.MiroTimeoutError,
        plainErrorIsMiroError: new Error('x') instanceof cjs.MiroError,
        limitersForOneBudget: limiters instanceof Map ? limiters.size : -1,
        esmClassesRenamed: renamed.map(([key]) => key),
      }),
    );
  } finally {
    await miro.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
