/**
 * Errors the simulator answers with, in Miro's body shape
 * `{ status, code, message, context, type: 'error' }`.
 */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context: unknown = null,
    /** Extra body fields, e.g. OAuth's `error` code. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SimulatorHttpError';
  }

  /** Miro's error body for this error. */
  body(): MiroErrorBody {
    return { ...miroErrorBody(this.status, this.code, this.message, this.context), ...this.extra };
  }
}

/** Miro's error body. */
export interface MiroErrorBody {
  status: number;
  code: string;
  message: string;
  context: unknown;
  type: 'error';
}

export function miroErrorBody(status: number, code: string, message: string, context: unknown = null): MiroErrorBody {
  return { status, code, message, context, type: 'error' };
}

/** 400 with the offending field named, as Miro's validation errors do. */
export function invalidParameters(message: string, field?: string): SimulatorHttpError {
  // The document's shape (BulkSubOperationError): each field with what is wrong with it.
  return new SimulatorHttpError(400, 'invalidParameters', message, field ? { fields: [{ field, message }] } : null);
}

export function notFound(what: string, id: string): SimulatorHttpError {
  return new SimulatorHttpError(404, 'notFound', `${what} ${id} was not found`);
}

export function unauthorized(code: string, message: string): SimulatorHttpError {
  return new SimulatorHttpError(401, code, message);
}
