import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '../http/operation.js';
import type { OperationRouter } from './router.js';
import type { OperationHandlers, RouteRequest, SimulatorContext } from './simulator-context.js';
import type { SimulatorLogEntry } from './types.js';
import type { CreditWindow } from './credit-ledger.js';
import { SimulatorHttpError, invalidParameters, miroErrorBody } from './miro-errors.js';
import { hasBody, parseBody, readBody } from './request-body.js';
import { respond, type Answer } from './respond.js';
import { applyCors, isPreflight, preflightHeaders } from './cors.js';
import { ARTIFACT_PATH, serveArtifact } from './export-artifacts.js';
import { documentValidator } from './document-validator.js';

/**
 * One request, top to bottom: CORS, route, authenticate, parse, validate, check credits,
 * inject faults, act, charge, answer, log. Anything refused before acting spends nothing.
 */
export function createRequestHandler(sim: SimulatorContext, router: OperationRouter, handlers: OperationHandlers) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(sim, router, handlers, req, res).catch((error: unknown) => {
      // Last resort: the simulator answers 500 in Miro's shape rather than crash.
      respond(res, { status: 500, body: miroErrorBody(500, 'internalError', `simulator failure: ${(error as Error)?.message ?? String(error)}`) });
    });
  };
}

async function handle(sim: SimulatorContext, router: OperationRouter, handlers: OperationHandlers, req: IncomingMessage, res: ServerResponse) {
  const time = sim.now();
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const queryText = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const entry: SimulatorLogEntry = { method, path, query: redactQuery(queryText), status: 0, credits: 0, time };
  const finish = (answer: Answer) => {
    entry.status = answer.status;
    sim.log.add(entry);
    respond(res, answer);
  };

  if (sim.cors) applyCors(req, res);
  if (sim.cors && isPreflight(req)) return finish({ status: 204, headers: preflightHeaders() });

  if (method === 'GET' && path.startsWith(ARTIFACT_PATH)) {
    if (sim.exports.timing.downloadMs > 0) await new Promise((resolve) => setTimeout(resolve, sim.exports.timing.downloadMs));
    entry.status = serveArtifact(sim, path, new URLSearchParams(queryText), res);
    return sim.log.add(entry);
  }

  const scim = path === '/scim' || path.startsWith('/scim/');
  const query = new URLSearchParams(queryText);
  const contentType = req.headers['content-type'] ?? '';
  const match = router.match(scim ? 'scim' : 'rest', method, scim ? path.slice(5) : path, query, contentType);
  if (!match) return finish({ status: 404, body: miroErrorBody(404, 'notFound', `no operation of the Miro REST API answers ${method} ${path}`) });
  const { operation, params } = match;
  entry.operationId = operation.operationId;
  const handler = handlers[operation.operationId];
  const jsonType = scim ? 'application/scim+json;charset=UTF-8' : undefined;

  let userId: string | undefined;
  // X-RateLimit-* of the request's user, read when answering (after any charge).
  const credits = (): CreditWindow | undefined => (userId === undefined ? undefined : sim.ledger?.window(userId));
  try {
    const token = bearerToken(req);
    if (!handler?.public) {
      const record = sim.tokens.resolve(token);
      if (record instanceof SimulatorHttpError) throw record;
      userId = entry.userId = record.userId;
    }
    if (!handler) {
      throw new SimulatorHttpError(501, 'notImplemented', `the simulator does not simulate ${operation.operationId} (${operation.method} ${operation.path})`);
    }
    const parsed = hasBody(req) ? await parseBody(await readBody(req), contentType) : {};
    const request: RouteRequest = { sim, operation, params, query, body: parsed.body, form: parsed.form, userId, token };
    validateJsonBody(operation as Operation, request);
    const cost = operation.creditCost * (operation.chargedPerItem ? (handler.itemCount?.(request) ?? 1) : 1);
    if (userId && sim.ledger && cost > 0 && !sim.ledger.canSpend(userId, cost)) {
      throw new SimulatorHttpError(429, 'tooManyRequests', `this request costs ${cost} credits and ${credits()!.remaining} are left in the current window`);
    }

    const fault = sim.faults.decide(operation.operationId);
    const latency = sim.latencyMs + fault.latencyMs;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (fault.resetBeforeActing) return dropConnection(sim, entry, res, 'reset-before-acting');
    if (fault.serverError) {
      entry.fault = `server-error-${fault.serverError}`;
      return finish({
        status: fault.serverError,
        body: miroErrorBody(fault.serverError, 'internalError', 'simulated server error'),
        credits: credits(),
        contentType: jsonType,
      });
    }

    const answer = handler.handle(request);
    if (answer.logUserId) entry.userId = answer.logUserId;
    if (userId && sim.ledger && answer.status < 300) {
      sim.ledger.spend(userId, cost);
      entry.credits = cost;
    }
    if (fault.resetAfterActing) return dropConnection(sim, entry, res, 'reset-after-acting');
    if (fault.invalidJson) entry.fault = 'invalid-json';
    else if (fault.slowBodyMs) entry.fault = 'slow-body';
    return finish({
      status: answer.status,
      body: answer.body,
      headers: answer.headers,
      credits: credits(),
      contentType: jsonType,
      invalidJson: fault.invalidJson,
      slowBodyMs: fault.slowBodyMs,
    });
  } catch (error) {
    const failure =
      error instanceof SimulatorHttpError
        ? error
        : new SimulatorHttpError(500, 'internalError', `simulator failure: ${(error as Error)?.message ?? String(error)}`);
    return finish({ status: failure.status, body: failure.body(), credits: failure.status === 401 ? undefined : credits(), contentType: jsonType });
  }
}

const SECRET_FIELDS = /(^|&)(access_token|refresh_token|client_secret|code)=[^&]*/g;

/** The query as logged: secrets and codes replaced, so the log can be shown or shared. */
function redactQuery(query: string): string {
  return query.includes('=') ? query.replace(SECRET_FIELDS, '$1$2=REDACTED') : query;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1]!.trim() : undefined;
}

/** Operations whose body schema in Miro's document is wrong (their handlers check the body). */
const MISDESCRIBED_BODIES = new Set(['createGroup', 'updateGroup']);

/**
 * Checks JSON bodies against Miro's document and its written rules (document-validator.ts),
 * not with the client's generated validators: a body the client lets through by mistake is
 * still judged by what Miro states.
 */
function validateJsonBody(operation: Operation, request: RouteRequest): void {
  const declared = operation.body;
  if (!declared || declared.contentType === 'multipart/form-data' || MISDESCRIBED_BODIES.has(operation.operationId)) return;
  if (request.body === undefined) {
    if (declared.required) throw invalidParameters(`${operation.operationId} needs a JSON body`, 'body');
    return;
  }
  const issue = documentValidator().requestIssue(operation.operationId, request.body);
  if (issue) throw invalidParameters(`${issue.field} ${issue.message}`, issue.field);
}

function dropConnection(sim: SimulatorContext, entry: SimulatorLogEntry, res: ServerResponse, fault: string): void {
  entry.fault = fault;
  entry.status = 0;
  sim.log.add(entry);
  res.socket?.destroy();
}
