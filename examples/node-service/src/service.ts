import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { concatMap, type Observable, type Subscription } from 'rxjs';
import type { Miro, MiroApi } from '../../../src/index.js';
import { boardSummary$ } from './board-summary.js';
import { cookie, sendFailure, sendJson } from './http-answers.js';
import { streamBoardChanges } from './board-changes-sse.js';

/** What the service needs. */
export interface ServiceOptions {
  /** Client for requests made with the service's own token (no user logged in). */
  api?: MiroApi;
  /** OAuth: `/auth/login` and `/auth/callback`, and requests on behalf of logged-in users. */
  miro?: Miro;
}

const STATE_COOKIE = 'miro_oauth_state';
// A demo keeps the user id in a plain cookie; a real service keeps it in a signed session.
const USER_COOKIE = 'miro_user';

/**
 * The service's request handler:
 * - `GET /boards/:id/summary`: the board's items counted by type (as the logged-in user, or
 *   with the service's token). When the client goes away, the Miro requests stop.
 * - `GET /boards/:id/changes`: the board's changes as server-sent events (`watchBoard`).
 * - `GET /auth/login`: redirects to Miro's consent page with a fresh `state`, also kept in a cookie.
 * - `GET /auth/callback`: checks the `state`, exchanges the code, remembers the user.
 * - `GET /me/boards`: the logged-in user's boards, through `miro.as(userId)`.
 */
export function createServiceHandler(options: ServiceOptions): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const summary = /^\/boards\/([^/]+)\/summary$/.exec(url.pathname);
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'only GET is served' });
    const changes = /^\/boards\/([^/]+)\/changes$/.exec(url.pathname);
    if (changes && req.method === 'GET') {
      const api = apiFor(req, options);
      if (!api) return sendJson(res, 401, { error: 'no Miro token: log in (GET /auth/login) or start the service with MIRO_ACCESS_TOKEN' });
      return streamBoardChanges(req, res, api, decodeURIComponent(changes[1]!), url.searchParams);
    }
    if (summary) return answer(req, res, apiFor(req, options), (api) => boardSummary$(api, decodeURIComponent(summary[1]!)));
    if (url.pathname === '/auth/login') return login(res, options.miro);
    if (url.pathname === '/auth/callback') return callback(req, res, url, options.miro);
    if (url.pathname === '/me/boards') {
      const userId = cookie(req, USER_COOKIE);
      if (!userId || !options.miro) return sendJson(res, 401, { error: 'log in first: GET /auth/login' });
      return answer(req, res, options.miro.as(userId), (api) => api.getBoards());
    }
    sendJson(res, 404, { error: `no route for GET ${url.pathname}` });
  };
}

/**
 * Subscribes to a Miro Observable for one HTTP request and answers with its value. If the
 * client disconnects first, unsubscribing aborts the Miro request in flight and sends no more.
 */
function answer<T>(req: http.IncomingMessage, res: http.ServerResponse, api: MiroApi | undefined, work: (api: MiroApi) => Observable<T>): void {
  if (!api) return sendJson(res, 401, { error: 'no Miro token: log in (GET /auth/login) or start the service with MIRO_ACCESS_TOKEN' });
  const subscription: Subscription = work(api).subscribe({
    next: (value) => sendJson(res, 200, value),
    error: (error: unknown) => sendFailure(res, error),
  });
  // 'close' fires when the answer is sent, or when the client hangs up before it: either way
  // there is nothing left to ask Miro.
  res.on('close', () => subscription.unsubscribe());
  req.on('aborted', () => subscription.unsubscribe());
}

function apiFor(req: http.IncomingMessage, options: ServiceOptions): MiroApi | undefined {
  const userId = cookie(req, USER_COOKIE);
  if (userId && options.miro) return options.miro.as(userId);
  return options.api;
}

function login(res: http.ServerResponse, miro: Miro | undefined): void {
  if (!miro) return sendJson(res, 501, { error: 'OAuth is not configured (MIRO_CLIENT_ID, MIRO_CLIENT_SECRET, MIRO_REDIRECT_URL)' });
  // The state goes into this browser's cookie; the callback must bring the same one back.
  const { url, state } = miro.createAuthRequest();
  res.writeHead(302, {
    location: url,
    'set-cookie': `${STATE_COOKIE}=${encodeURIComponent(state)}; HttpOnly; SameSite=Lax; Path=/auth; Max-Age=600`,
  });
  res.end();
}

function callback(req: http.IncomingMessage, res: http.ServerResponse, url: URL, miro: Miro | undefined): void {
  if (!miro) return sendJson(res, 501, { error: 'OAuth is not configured' });
  const expectedState = cookie(req, STATE_COOKIE);
  if (!expectedState) return sendJson(res, 400, { error: 'no login in progress in this browser (missing state cookie): start at /auth/login' });
  const userId = randomUUID();
  // The state must match the one this browser was given; exchangeCodeForAccessToken checks it.
  const subscription = miro
    .exchangeCodeForAccessToken(userId, url.toString(), { state: expectedState })
    .pipe(concatMap(() => miro.as(userId).tokenInfo()))
    .subscribe({
      next: (info) =>
        sendJson(
          res,
          200,
          { loggedIn: true, user: info.user, team: info.team },
          {
            'set-cookie': [`${USER_COOKIE}=${userId}; HttpOnly; SameSite=Lax; Path=/`, `${STATE_COOKIE}=; Path=/auth; Max-Age=0`],
          },
        ),
      error: (error: unknown) => sendFailure(res, error),
    });
  res.on('close', () => subscription.unsubscribe());
}
