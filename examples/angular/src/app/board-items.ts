import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { BehaviorSubject, type Observable, combineLatest, map, of, shareReplay } from 'rxjs';
import { type BoardView, type ItemView, itemsOfType, toBoardView } from './board-view';
import { withLiveChanges } from './live-board-view';
import { MIRO_CONFIG } from './miro-config';
import { MiroBoardService } from './miro-board.service';

/** What the template renders: the board view, the chosen type and the rows it leaves. */
interface BoardPage {
  view: BoardView;
  type: string;
  rows: readonly ItemView[];
}

/** A board's items, counted by type and listed, with a type filter; the list follows the board live. */
@Component({
  selector: 'app-board-items',
  imports: [AsyncPipe],
  templateUrl: './board-items.html',
  styleUrl: './board-items.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardItems {
  protected readonly boardId = inject(MIRO_CONFIG).boardId;
  private readonly miro = inject(MiroBoardService);
  private readonly type$ = new BehaviorSubject<string>('');

  // One read of the board, then its live changes, shared by the counts and the filtered list;
  // the async pipe's unsubscribe (refCount) aborts the read or stops the watch.
  private readonly view$: Observable<BoardView> = this.boardId
    ? this.miro.items$(this.boardId).pipe(
        toBoardView(),
        withLiveChanges(() => this.miro.changes$(this.boardId)),
        shareReplay({ bufferSize: 1, refCount: true }),
      )
    : of({
        status: 'error',
        items: [],
        counts: [],
        error: 'No board given: open the page with ?board=<board id>.',
      });

  protected readonly page$: Observable<BoardPage> = combineLatest([this.view$, this.type$]).pipe(
    map(([view, type]) => ({ view, type, rows: itemsOfType(type)(view) })),
  );

  protected chooseType(type: string): void {
    this.type$.next(type);
  }
}
