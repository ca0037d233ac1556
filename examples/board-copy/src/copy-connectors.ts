import { catchError, defer, EMPTY, ignoreElements, map, type Observable, tap, throwError } from 'rxjs';
import { processWithReadAhead, type CreateConnectorBody } from '../../../src/index.js';
import { connectorFingerprint, type ConnectorLike } from './fingerprint.js';
import { isAmbiguousFailure, isTransientFailure } from './explain-failure.js';
import { isItemRefusal } from './item-refusal.js';
import { DRY_RUN_ID_PREFIX, noteTransientFailure, type CopyContext } from './copy-context.js';

type SourceConnector = ConnectorLike & {
  startItem?: { id?: string; position?: { x?: string; y?: string } };
  endItem?: { id?: string; position?: { x?: string; y?: string } };
};

const CONNECTOR_CONCURRENCY = 8;

/**
 * Copies the source's connectors between the copies of their end items, streaming the
 * connector list with bounded read-ahead. A connector whose end item cannot be copied is
 * recorded as unsupported; one whose end has no copy yet fails (a rerun retries it).
 */
export function copyConnectors$(context: CopyContext): Observable<never> {
  return defer(() => {
    context.stats.phase = 'connectors';
    return processWithReadAhead(
      (processed$) => context.api.getAllConnectors(context.from, { limit: 50 }, { readAhead: context.readAhead, processed$ }),
      (connector) => copyConnector$(context, connector as SourceConnector),
      { concurrency: CONNECTOR_CONCURRENCY },
    ).pipe(ignoreElements());
  });
}

function copyConnector$(context: CopyContext, connector: SourceConnector): Observable<void> {
  const { journal, stats } = context;
  stats.connectors.read += 1;
  const key = `connector:${connector.id}`;
  if (journal.connectors.has(connector.id)) {
    stats.connectors.done += 1;
    return EMPTY;
  }
  if (journal.skippedConnectors.has(connector.id)) {
    stats.connectors.unsupported += 1;
    return EMPTY;
  }
  const ends = [connector.startItem?.id, connector.endItem?.id];
  const skippedEnd = ends.find((id) => id !== undefined && journal.skipped.has(id));
  if (skippedEnd !== undefined) {
    journal.append({ kind: 'skip-connector', src: connector.id, reason: `its end item ${skippedEnd} cannot be copied` });
    stats.connectors.unsupported += 1;
    return EMPTY;
  }
  const [start, end] = ends.map((id) => (id === undefined ? undefined : journal.items.get(id)));
  if (start === undefined || end === undefined) {
    stats.fail(key, `connector ${connector.id}: an end item has no copy`);
    return EMPTY;
  }
  const orphan = context.orphanConnectors.claim(connectorFingerprint(connector, start, end));
  const record = (dst: string, counter: 'created' | 'adopted') => {
    journal.append({ kind: 'connector', src: connector.id, dst });
    stats.connectors[counter] += 1;
    stats.succeed(key);
  };
  if (orphan !== undefined) {
    record(orphan, 'adopted');
    return EMPTY;
  }
  if (context.dryRun) {
    record(`${DRY_RUN_ID_PREFIX}${connector.id}`, 'created');
    return EMPTY;
  }
  return context.api.createConnector(context.to, connectorBody(connector, start, end)).pipe(
    tap((created) => record(created.id, 'created')),
    map(() => undefined),
    catchError((error: unknown) => {
      const reason = `connector ${connector.id}: ${(error as Error).message}`;
      // Miro may have made it: the next pass's inventory finds it by its ends before creating again.
      if (isTransientFailure(error)) noteTransientFailure(context, { failure: key, journal: key }, reason, isAmbiguousFailure(error));
      else if (isItemRefusal(error)) stats.fail(key, reason);
      else return throwError(() => error);
      return EMPTY;
    }),
  );
}

function connectorBody(connector: SourceConnector, start: string, end: string): CreateConnectorBody {
  const endOf = (copyId: string, source: SourceConnector['startItem']) => ({
    id: copyId,
    ...(source?.position ? { position: source.position } : {}),
  });
  const body: Record<string, unknown> = { startItem: endOf(start, connector.startItem), endItem: endOf(end, connector.endItem) };
  if (connector.shape) body.shape = connector.shape;
  if (connector.captions?.length) body.captions = connector.captions;
  if (connector.style && Object.keys(connector.style).length > 0) body.style = connector.style;
  return body as CreateConnectorBody;
}
