// One consumer program, compiled under each module resolution the package supports. It imports
// every public subpath, uses the Observable example (which fails to compile when a second
// rxjs is nested under miro-rx) and reads a board from the simulator, through a method and through
// the tree-shakable function of miro-rx/operations.
import { MiroApi, MiroClient, MiroError, isMiroError } from 'miro-rx';
import { getSpecificBoard } from 'miro-rx/operations';
import { startMiroSimulator } from 'miro-rx/simulator';
import { fileFromPath } from 'miro-rx/node';
import { firstValueFrom, map, type Observable } from 'rxjs';

async function main(): Promise<void> {
  const miro = await startMiroSimulator({ tokens: ['consumer-token'] });
  try {
    const board = miro.state.createBoard({ name: 'Consumer board' });
    const api = new MiroApi('consumer-token', { baseUrl: miro.url, scimBaseUrl: `${miro.url}/scim` });
    const name$: Observable<string> = api.getSpecificBoard(board.id).pipe(map((b) => b.name ?? ''));
    const name = await firstValueFrom(name$);
    const refused = await firstValueFrom(api.getSpecificBoard('no-such-board')).then(
      () => undefined,
      (error: unknown) => error,
    );
    const fileHelper = typeof fileFromPath;
    const client = new MiroClient('consumer-token', { baseUrl: miro.url, scimBaseUrl: `${miro.url}/scim` });
    const viaFunction: string = (await firstValueFrom(getSpecificBoard(client, board.id))).name ?? '';
    console.log(JSON.stringify({ name, refusedIsMiroError: refused instanceof MiroError && isMiroError(refused), fileHelper, viaFunction }));
  } finally {
    await miro.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
