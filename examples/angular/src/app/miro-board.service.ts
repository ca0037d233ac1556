import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { MiroApi, type GenericItem } from 'miro-rx';
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
}
