import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { MiroApi, type BoardChange, type GenericItem } from 'miro-rx';
import { MIRO_CONFIG } from './miro-config';

/**
 * The app's one door to Miro: wraps a `MiroApi` built from `MIRO_CONFIG` and hands out cold
 * Observables. Each subscription reads afresh; unsubscribing (the async pipe does it when the
 * view goes) aborts the request in flight.
 */
@Injectable({ providedIn: 'root' })
export class MiroBoardService {
  private readonly api: MiroApi;

  constructor() {
    const config = inject(MIRO_CONFIG);
    this.api = new MiroApi(config.accessToken, { baseUrl: config.baseUrl });
  }

  /**
   * Every item of a board, one by one as the pages arrive (miro-rx asks for the largest page:
   * a page costs the same credits whatever its size).
   */
  items$(boardId: string): Observable<GenericItem> {
    return this.api.getAllItems(boardId);
  }

  /**
   * The board's changes as they happen (`watchBoard`): a snapshot, then each item added,
   * updated or removed. Polls every 2 s at most, within a quarter of the credit budget.
   */
  changes$(boardId: string): Observable<BoardChange> {
    return this.api.watchBoard(boardId, { intervalMs: 2_000 });
  }
}
