import type { OperationDescriptor } from '../../http/operation.js';
import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { isObject } from '../item-factory.js';
import { invalidParameters, notFound } from '../miro-errors.js';
import { oauthError } from '../oauth-grants.js';
import { SIMULATOR_TEAM_ID } from '../token-store.js';

/** Endpoints of Miro's OAuth flow that the REST document does not describe. */
export const oauthOperations: readonly OperationDescriptor[] = [
  pseudoOperation('oauth-authorize', 'GET', '/oauth/authorize'),
  pseudoOperation('oauth-token', 'POST', '/v1/oauth/token'),
];

/**
 * The authorization code flow: authorize (auto-consent, 302 back to the app), the token
 * endpoint (authorization_code and refresh_token grants), revoke v1 and v2, and token info.
 */
export const oauthRoutes: OperationHandlers = {
  'oauth-authorize': {
    public: true,
    handle({ sim, query }) {
      if (query.get('response_type') !== 'code') throw oauthError(400, 'unsupported_response_type', 'response_type must be code');
      const client = sim.oauth.client(query.get('client_id') ?? undefined, query.get('redirect_uri') ?? undefined);
      const target = new URL(client.redirectUri);
      const state = query.get('state');
      if (query.get('deny') === '1') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'the user did not allow access');
      } else {
        target.searchParams.set('code', sim.oauth.issueCode(client.clientId, client.redirectUri, query.get('user_id') || 'user-1'));
      }
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { Location: target.toString() } };
    },
  },
  'oauth-token': {
    public: true,
    handle(request) {
      const fields = tokenFields(request);
      const client = request.sim.oauth.authenticate(fields.client_id, fields.client_secret);
      if (fields.grant_type === 'authorization_code') {
        const granted = request.sim.oauth.redeemCode(fields.code, client.clientId, fields.redirect_uri);
        return { status: 200, body: granted, logUserId: granted.user_id };
      }
      if (fields.grant_type === 'refresh_token') {
        const granted = request.sim.oauth.refresh(fields.refresh_token, client.clientId);
        return { status: 200, body: granted, logUserId: granted.user_id };
      }
      throw oauthError(400, 'unsupported_grant_type', `grant_type must be authorization_code or refresh_token, got ${JSON.stringify(fields.grant_type ?? '')}`);
    },
  },
  'revoke-token': {
    public: true,
    handle({ sim, query }) {
      const token = query.get('access_token');
      if (!token) throw invalidParameters('access_token is required', 'access_token');
      sim.tokens.revoke(token);
      return { status: 204 };
    },
  },
  'revoke-token-v2': {
    public: true,
    handle({ sim, body }) {
      const fields = isObject(body) ? body : {};
      sim.oauth.authenticate(stringOf(fields.clientId), stringOf(fields.clientSecret));
      const token = stringOf(fields.accessToken);
      if (!token || !sim.tokens.revoke(token)) throw notFound('Access token', '(redacted)');
      return { status: 204 };
    },
  },
  'token-info': {
    handle(request) {
      const record = request.sim.tokens.record(request.token!)!;
      const user = { type: 'user', id: userOf(request), name: userOf(request) };
      return {
        status: 200,
        body: {
          type: 'token',
          scopes: record.scopes.split(' '),
          team: { type: 'team', id: SIMULATOR_TEAM_ID, name: 'Simulated team' },
          organization: { type: 'organization', id: 'org-1', name: 'Simulated organization' },
          createdBy: user,
          user,
        },
      };
    },
  },
};

/** Token endpoint fields, from the query string and from a url-encoded or JSON body. */
function tokenFields(request: RouteRequest): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = Object.fromEntries(request.query);
  if (isObject(request.body)) for (const [key, value] of Object.entries(request.body)) fields[key] = stringOf(value);
  return fields;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function pseudoOperation(operationId: string, method: 'GET' | 'POST', path: string): OperationDescriptor {
  return {
    operationId,
    methodName: operationId,
    method,
    path,
    server: 'rest',
    pathParameters: [],
    queryParameters: [],
    rateLimitLevel: null,
    creditCost: 0,
    chargedPerItem: false,
    pagination: 'none',
    sharesRouteWith: [],
    emptyResponse: false,
    successMayBeEmpty: false,
    deprecated: false,
  };
}
