import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MiroApi } from 'miro-rx';
import { catchError, map, of } from 'rxjs';
import { BoardItems } from './board-items';
import { MIRO_CONFIG } from './miro-config';

@Component({
  selector: 'app-root',
  imports: [BoardItems],
  template: `
    <h1>{{ boardName() || 'Miro board' }}</h1>
    <app-board-items />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly boardId = inject(MIRO_CONFIG).boardId;
  // The board's name for the heading; the list below says what went wrong if the board is missing.
  protected readonly boardName = toSignal(
    this.boardId
      ? inject(MiroApi)
          .getSpecificBoard(this.boardId)
          .pipe(
            map((board) => board.name ?? ''),
            catchError(() => of('')),
          )
      : of(''),
    { initialValue: '' },
  );
}
