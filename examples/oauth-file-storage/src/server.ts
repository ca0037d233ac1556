// A small web app that lets users connect their Miro account, keeping tokens in a file.
//
//   npx tsx examples/oauth-file-storage/src/server.ts          offline, against the simulator
//   npx tsx examples/oauth-file-storage/src/server.ts --once   offline, play the flow once and exit
//   MIRO_CLIENT_ID=... MIRO_CLIENT_SECRET=... MIRO_REDIRECT_URL=http://localhost:3000/callback \
//   npx tsx examples/oauth-file-storage/src/server.ts          against Miro (register that redirect URL)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { createOAuthState, Miro, MiroError } from '../../../src/index.js';
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { FileStorage } from './file-storage.js';

const offline = !process.env.MIRO_CLIENT_ID;
const port = Number(process.env.PORT ?? 3000);
const redirectUrl = process.env.MIRO_REDIRECT_URL ?? `http://127.0.0.1:${port}/callback`;
const client = { clientId: 'example-app', clientSecret: 'example-secret-not-for-production', redirectUri: redirectUrl };
const simulator = offline ? await startMiroSimulator({ oauth: { clients: [client] } }) : undefined;
if (simulator) simulator.state.createBoard({ name: 'A board in the simulator' });

const storage = new FileStorage(process.env.TOKEN_FILE ?? join(tmpdir(), 'miro-rx-example-tokens.json'));
const miro = new Miro({
  storage,
  ...(simulator && {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUrl,
    authBaseUrl: simulator.url,
    apiBaseUrl: simulator.url,
    api: { scimBaseUrl: `${simulator.url}/scim` },
  }),
});

function cookies(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    (request.headers.cookie ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
}

function send(response: ServerResponse, status: number, text: string, headers: Record<string, string | string[]> = {}) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const { session, oauth_state: expectedState } = cookies(request);
  if (url.pathname === '/login') {
    // The state goes into a cookie, so any process behind a load balancer can verify it.
    const { url: authUrl, state } = miro.createAuthRequest();
    const user = session ?? createOAuthState();
    const cookie = [`oauth_state=${state}; HttpOnly; SameSite=Lax; Path=/`, `session=${user}; HttpOnly; SameSite=Lax; Path=/`];
    return send(response, 302, 'to Miro', { location: authUrl, 'set-cookie': cookie });
  }
  if (url.pathname === '/callback' && session) {
    await firstValueFrom(miro.exchangeCodeForAccessToken(session, request.url ?? '', { state: expectedState }));
    return send(response, 302, 'connected', { location: '/boards' });
  }
  if (url.pathname === '/boards' && session && (await firstValueFrom(miro.isAuthorized(session)))) {
    const boards = await firstValueFrom(miro.as(session).getBoards({ limit: 50 }));
    return send(response, 200, boards.data?.map((board) => `- ${board.name}`).join('\n') ?? '');
  }
  if (url.pathname === '/logout' && session) {
    await firstValueFrom(miro.revokeToken(session));
    return send(response, 200, 'disconnected');
  }
  send(response, 200, 'Open /login to connect your Miro account.');
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    // miro-rx errors never carry a token, a code or the client secret: safe to show.
    send(response, 400, error instanceof MiroError ? error.message : 'something went wrong');
  });
});
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
console.log(`listening on http://127.0.0.1:${port}/login (tokens in ${storage.path})`);

if (simulator) {
  // Offline: play the user's browser once, then stop.
  let cookie = '';
  const visit = async (path: string): Promise<Response> => {
    const answer = await fetch(new URL(path, `http://127.0.0.1:${port}`), { redirect: 'manual', headers: { cookie } });
    const set = answer.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length > 0) cookie = set.join('; ');
    return answer;
  };
  const toMiro = (await visit('/login')).headers.get('location')!;
  const consent = await fetch(toMiro, { redirect: 'manual' });
  await visit(consent.headers.get('location')!.replace(/^https?:\/\/[^/]+/, ''));
  console.log(await (await visit('/boards')).text());
  console.log(await (await visit('/logout')).text());
  if (process.argv.includes('--once')) {
    server.close();
    await simulator.close();
  } else {
    // The URL printed above stays usable: the simulator stands in for Miro's consent page.
    console.log(`Played the login once against the simulator. Still serving: open http://127.0.0.1:${port}/login in a browser; Ctrl-C stops.`);
  }
}

// Until stopped, both servers stay up; a stop closes them so the port and the file are released.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void (simulator?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}
