import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { BoardItems } from './board-items';
import { MIRO_CONFIG } from './miro-config';

@Component({
  selector: 'app-root',
  imports: [BoardItems],
  template: `
    <h1>Miro board {{ boardId }}</h1>
    <app-board-items />
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly boardId = inject(MIRO_CONFIG).boardId;
}
