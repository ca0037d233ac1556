/**
 * Public contract of the Miro simulator (`miro-rx/simulator`). Tests, benchmarks and the demo
 * are written against these types.
 */

/** Faults to inject, each a probability from 0 to 1 per request, drawn from the seeded generator. */
export interface SimulatorFaults {
  /** Answer 500, 502 or 503 instead of acting. Nothing is changed, nothing charged. */
  serverErrorRate?: number;
  /** Drop the connection before acting (nothing changes, nothing charged). */
  resetBeforeActingRate?: number;
  /** Act (create, charge) and then drop the connection without answering. */
  resetAfterActingRate?: number;
  /** Answer with a body that is not valid JSON (after acting). */
  invalidJsonRate?: number;
  /** Send the body slowly, in chunks over this many milliseconds. */
  slowBodyMs?: number;
  /**
   * Share of answers sent slowly (`slowBodyMs`, default 200 ms when only the rate is given);
   * omitted, every answer is slow when `slowBodyMs` is set.
   */
  slowBodyRate?: number;
  /** Extra latency added to matching operations (all when `operations` is omitted). */
  latency?: { ms: number; operations?: readonly string[] };
  /** Restrict every fault above to these operationIds (all when omitted). */
  operations?: readonly string[];
}

/** A registered OAuth app the simulator's token endpoint accepts. */
export interface SimulatorOAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** Options of `startMiroSimulator`. */
export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Static access tokens accepted as they are: an array (users `user-1`, `user-2`, ...) or a map of
   * token to user id. Default `['miro-simulator-token']` (`DEFAULT_SIMULATOR_TOKEN`).
   */
  tokens?: readonly string[] | Record<string, string>;
  /**
   * Credits per window per user (tokens of one user share them). Default 100,000 per 60,000 ms.
   * Windows are fixed, aligned to epoch multiples of `windowMs`. `false`: no credits, no headers.
   */
  rateLimit?: { budget?: number; windowMs?: number } | false;
  /** Latency added to every answer, in milliseconds. */
  latencyMs?: number;
  faults?: SimulatorFaults;
  /** Seed of the generator behind faults, and offset of the id sequence; same seed, same run. */
  seed?: number;
  /** OAuth apps; their tokens expire after `accessTokenTtlSeconds` (default 3600). */
  oauth?: { clients: readonly SimulatorOAuthClient[]; accessTokenTtlSeconds?: number };
  /** Answer CORS preflights and add CORS headers (default true), for browser apps. */
  cors?: boolean;
  /** Clock in epoch milliseconds (default `Date.now`): credit windows, token expiry, timestamps. */
  now?: () => number;
  /** Newest log entries kept (default 100,000); older ones are dropped. */
  maxLogEntries?: number;
  /** Speed of board export jobs and lifetime of their files. */
  exports?: SimulatorExportOptions;
}

/** How board export jobs progress, in milliseconds. */
export interface SimulatorExportOptions {
  /** From creation until the first task runs (status `CREATED` meanwhile). Default 2,000. */
  startDelayMs?: number;
  /** Per board: tasks finish one after another, one every `taskMs`. Default 200. */
  taskMs?: number;
  /** How long an export link may be downloaded. Default 15 minutes. */
  linkTtlMs?: number;
  /** How long a finished export's file is kept (fresh links can be asked meanwhile). Default 7 days. */
  artifactTtlMs?: number;
  /** Delay before a file download answers, like slow storage. Default 0. */
  downloadMs?: number;
}

/** A board export job as `state.exportJobs()` reports it, for assertions. */
export interface SimulatorExportJob {
  id: string;
  orgId: string;
  requestId: string;
  boardIds: string[];
  boardFormat: string;
  status: 'CREATED' | 'IN_PROGRESS' | 'CANCELLED' | 'FINISHED';
}

/** One line of the request log. */
export interface SimulatorLogEntry {
  /**
   * Operation matched, when the route is one of the document's; `oauth-authorize` and
   * `oauth-token` for the OAuth endpoints the document does not describe.
   */
  operationId?: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without `?`; values of tokens, secrets and codes are replaced by `REDACTED`. */
  query: string;
  /** Status answered; 0 when a fault dropped the connection. */
  status: number;
  /** Credits charged (0 for refused requests). */
  credits: number;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  /** User the token belongs to, never the token itself. */
  userId?: string;
  /** The fault injected, if any. */
  fault?: string;
}

/** A board item as the simulator stores it (Miro's shape). */
export interface SimulatorItem {
  id: string;
  type: string;
  data?: Record<string, unknown>;
  style?: Record<string, unknown>;
  position?: { x: number; y: number; origin?: string; relativeTo?: string };
  geometry?: { width?: number; height?: number; rotation?: number };
  parent?: { id: string };
  createdAt: string;
  modifiedAt: string;
  [field: string]: unknown;
}

/** A board as the simulator stores it (Miro's shape, without `links`). */
export interface SimulatorBoard {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  modifiedAt: string;
  [field: string]: unknown;
}

/** Direct access to the in-memory state, for seeding and assertions (no credits charged). */
export interface SimulatorState {
  /**
   * Creates a board owned by `owner` (default `user-1`) in team `teamId` (default `team-1`): seed
   * boards of several users, as a migration of a whole team finds them.
   */
  createBoard(fields?: { name?: string; description?: string; owner?: string; teamId?: string }): SimulatorBoard;
  board(boardId: string): SimulatorBoard | undefined;
  boards(): SimulatorBoard[];
  /** Adds items; a number adds that many sticky notes with content `Item <n>`. */
  addItems(boardId: string, items: number | ReadonlyArray<Partial<SimulatorItem> & { type: string }>): SimulatorItem[];
  /** Items of a board in creation order. */
  items(boardId: string): SimulatorItem[];
  /** Issues an access token for a user, as if OAuth had run (default expiry from options). */
  issueToken(userId: string, options?: { expiresInSeconds?: number }): string;
  /** Credits the token's user has spent in the current window (0 for an unknown token). */
  creditsSpent(token: string): number;
  /** Adds `count` SCIM users (`user<n>@example.com`) for the SCIM endpoints to list. */
  addScimUsers(count: number): SimulatorScimUser[];
  /** Adds a SCIM group with the given member user ids. */
  addScimGroup(displayName: string, memberIds?: readonly string[]): { id: string; displayName: string };
  /** Adds an organisation (Enterprise) with `boards` new boards, for the board export operations. */
  createOrganization(fields?: { boards?: number }): { id: string; boardIds: string[] };
  /**
   * The next `times` export tasks of each board fail with `type` (default: once for
   * `TEMPORARY`, always for `FATAL`).
   */
  failBoardExports(boardIds: readonly string[], type: 'TEMPORARY' | 'FATAL', times?: number): void;
  /** Board export jobs in creation order, of one organisation or of all. */
  exportJobs(orgId?: string): SimulatorExportJob[];
}

/** A SCIM user as `/scim/Users` answers it. */
export interface SimulatorScimUser {
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  [field: string]: unknown;
}

/** A running simulator, as `startMiroSimulator` resolves it. */
export interface MiroSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`; use it as both `baseUrl` and (with `/scim`) `scimBaseUrl`. */
  readonly url: string;
  readonly state: SimulatorState;
  /** Every request answered (or dropped by a fault), oldest first; the newest `maxLogEntries` are kept. */
  readonly requestLog: readonly SimulatorLogEntry[];
  /** Empties the request log. */
  clearLog(): void;
  /** Replaces the active faults. */
  setFaults(faults: SimulatorFaults | undefined): void;
  /** Stops listening and drops open connections; resolves once the server is closed. */
  close(): Promise<void>;
}
