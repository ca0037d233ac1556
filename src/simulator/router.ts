import type { ApiServer, OperationDescriptor } from '../http/operation.js';

/** An operation matched by method and path, with its decoded path parameters. */
export interface RouteMatch {
  operation: OperationDescriptor;
  /** Path parameters by their name in the template, e.g. `board_id`. */
  params: Record<string, string>;
}

interface Route {
  segments: readonly (string | { param: string })[];
  literals: number;
  /** Operations sharing this method and template, told apart by query or content type. */
  operations: OperationDescriptor[];
}

/**
 * Routes requests to the document's operations, straight from the generated operation table,
 * so every operation of the document is known (and answers 501 until simulated).
 */
export class OperationRouter {
  readonly #routes = new Map<string, Route[]>();

  constructor(operations: readonly OperationDescriptor[]) {
    const byTemplate = new Map<string, Route>();
    for (const operation of operations) {
      const key = `${operation.server} ${operation.method} ${operation.path}`;
      const existing = byTemplate.get(key);
      if (existing) {
        existing.operations.push(operation);
        continue;
      }
      const segments = operation.path.split('/').map((part) => {
        const param = /^\{(.+)\}$/.exec(part);
        return param ? { param: param[1]! } : part;
      });
      const route: Route = { segments, literals: segments.filter((part) => typeof part === 'string').length, operations: [operation] };
      byTemplate.set(key, route);
      const bucket = `${operation.server} ${operation.method} ${segments.length}`;
      const routes = this.#routes.get(bucket) ?? [];
      routes.push(route);
      // Literal segments win over parameters: `/groups/items` before `/groups/{group_id}`.
      routes.sort((a, b) => b.literals - a.literals);
      this.#routes.set(bucket, routes);
    }
  }

  /** The operation for a request, or undefined when no operation of the document has this route. */
  match(server: ApiServer, method: string, path: string, query: URLSearchParams, contentType: string): RouteMatch | undefined {
    const parts = path.split('/');
    const routes = this.#routes.get(`${server} ${method} ${parts.length}`);
    if (!routes) return undefined;
    for (const route of routes) {
      const params = matchSegments(route.segments, parts);
      if (params) return { operation: pickOperation(route.operations, query, contentType), params };
    }
    return undefined;
  }
}

function matchSegments(segments: Route['segments'], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const part = parts[index]!;
    if (typeof segment === 'string') {
      if (segment !== part) return undefined;
    } else {
      if (part === '') return undefined;
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

/**
 * Operations that share a route differ by content type (multipart uploads vs JSON) and by
 * required query parameters (`tag_id`, `parent_item_id`, `delete_items`): the candidate whose
 * required parameters are all present, and most numerous, wins.
 */
function pickOperation(operations: OperationDescriptor[], query: URLSearchParams, contentType: string): OperationDescriptor {
  if (operations.length === 1) return operations[0]!;
  const multipart = contentType.startsWith('multipart/form-data');
  const byBody = operations.filter((operation) => (operation.body?.contentType === 'multipart/form-data') === multipart);
  const candidates = byBody.length > 0 ? byBody : operations;
  let best = candidates[0]!;
  let bestScore = -1;
  for (const operation of candidates) {
    const required = operation.queryParameters.filter((parameter) => parameter.required);
    if (!required.every((parameter) => query.has(parameter.name))) continue;
    if (required.length > bestScore) {
      best = operation;
      bestScore = required.length;
    }
  }
  return best;
}
