import { MiroError, MiroNetworkError, MiroTimeoutError } from 'miro-rx';

/** A failure as a person reads it: what happened, and what to do about it. */
export interface BoardProblem {
  /** One line: what went wrong. */
  title: string;
  /** What the reader can do next. */
  next: string;
  /** The page reads again by itself (Miro could not be reached). */
  retrying: boolean;
}

export const NO_BOARD: BoardProblem = {
  title: 'No board chosen',
  next: 'Open this page with ?board= followed by the id of a Miro board (the part after /board/ in its address).',
  retrying: false,
};

/**
 * Words for a failed read. Miro's status decides; a paged read that stopped carries its page's
 * error as `cause`. Never the token: miro-rx's errors never hold it.
 */
export function describeProblem(error: unknown): BoardProblem {
  const status = statusOf(error);
  if (status === 404)
    return {
      title: 'This board was not found',
      next: 'Check the board id in the address, or ask the board owner to share it with you.',
      retrying: false,
    };
  if (status === 401)
    return {
      title: 'Access was revoked: sign in again',
      next: 'Your Miro session has ended or access for this app was removed. Sign in to Miro again to see the board.',
      retrying: false,
    };
  if (status === 403)
    return {
      title: 'You do not have access to this board',
      next: 'Ask the board owner to invite you, then reload this page.',
      retrying: false,
    };
  if (unreachable(error) || (status !== undefined && (status >= 500 || status === 429))) {
    return {
      title: 'Miro is not reachable: retrying',
      next: 'Check your connection. The board appears as soon as Miro answers.',
      retrying: true,
    };
  }
  const detail = error instanceof MiroError ? error.message : 'an unexpected error';
  return {
    title: 'The board could not be read',
    next: `Reload the page to try again. Details: ${detail}`,
    retrying: false,
  };
}

function statusOf(error: unknown): number | undefined {
  for (
    let current = error, depth = 0;
    current && depth < 3;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const status = (current as { status?: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

function unreachable(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current && depth < 3;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    if (current instanceof MiroNetworkError || current instanceof MiroTimeoutError) return true;
  }
  return false;
}
