import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { BehaviorSubject, type Observable, combineLatest, map, of, shareReplay } from 'rxjs';
import { MiroApi } from 'miro-rx';
import { NO_BOARD } from './board-problem';
import { type BoardView, type ItemView, boardView$, itemsOfType } from './board-view';
import { withLiveChanges } from './live-board-view';
import { MIRO_CONFIG } from './miro-config';
import { countOf, pluralOf } from './type-names';

/** What the template renders: the board view, the chosen type and the items it leaves. */
interface BoardPage {
  view: BoardView;
  type: string;
  items: readonly ItemView[];
}

/**
 * A board's items drawn as on the board (sticky notes in their colours, shapes as shapes, text
 * as text), counted by type, with a type filter; the list follows the board live.
 */
@Component({
  selector: 'app-board-items',
  imports: [AsyncPipe],
  // Inline, so that a unit test compiles the component as it is (JIT reads no files).
  template: `
    @if (page$ | async; as page) {
      <header class="summary">
        @switch (page.view.status) {
          @case ('loading') {
            <p class="status" data-status="loading" role="status">
              <span class="spinner" aria-hidden="true"></span>Loading… {{ page.view.items.length }} items so far
            </p>
          }
          @case ('loaded') {
            <p class="status" data-status="loaded">{{ page.view.items.length }} items</p>
          }
          @case ('error') {
            <div class="problem" data-status="error" role="alert" [class.retrying]="page.view.problem?.retrying">
              <p class="problem-title">{{ page.view.problem?.title }}</p>
              <p class="problem-next">{{ page.view.problem?.next }}</p>
            </div>
          }
        }
        @if (page.view.counts.length) {
          <ul class="counts" aria-label="Items by type">
            @for (row of page.view.counts; track row.type) {
              <li class="count" [attr.data-type]="row.type">{{ countOf(row.type, row.count) }}</li>
            }
          </ul>
          <label class="filter">
            Show
            <select name="type" #typeSelect (change)="chooseType(typeSelect.value)">
              <option value="" [selected]="page.type === ''">everything</option>
              @for (row of page.view.counts; track row.type) {
                <option [value]="row.type" [selected]="page.type === row.type">{{ pluralOf(row.type) }}</option>
              }
            </select>
          </label>
        }
      </header>
      <ul class="items" aria-label="Items">
        @for (item of page.items; track item.id) {
          <li class="item" [class]="'item ' + item.type" [attr.data-id]="item.id" [attr.data-type]="item.type" [style.--fill]="item.color || null">
            @switch (item.type) {
              @case ('shape') {
                <span class="shape-figure" [class]="'shape-figure ' + (item.shape || 'rectangle')" aria-hidden="true"></span>
                <span class="label">{{ item.label }}</span>
              }
              @case ('frame') {
                <span class="frame-tag">Frame</span>
                <span class="label">{{ item.label || '(untitled)' }}</span>
              }
              @default {
                <span class="label">{{ item.label || '(empty)' }}</span>
              }
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host { display: block; }
    .summary { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem 1.25rem; margin-bottom: 1.25rem; }
    .status { margin: 0; font-weight: 600; display: flex; align-items: center; gap: 0.5rem; }
    .spinner { width: 1rem; height: 1rem; border: 2px solid #c7cbd6; border-top-color: #4262ff; border-radius: 50%; animation: spin 0.8s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    .problem { border-left: 4px solid #d93025; background: #fdecea; padding: 0.75rem 1rem; border-radius: 4px; flex-basis: 100%; }
    .problem.retrying { border-color: #e8a400; background: #fff6dc; }
    .problem-title { margin: 0 0 0.25rem; font-weight: 600; font-size: 1.1rem; }
    .problem-next { margin: 0; color: #444; }
    .counts { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; margin: 0; padding: 0; }
    .count { background: #eef0f6; border-radius: 999px; padding: 0.2rem 0.7rem; font-size: 0.9rem; }
    .filter select { margin-left: 0.25rem; font: inherit; }
    .items { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.9rem; list-style: none; padding: 0; margin: 0; }
    .item { min-height: 5.5rem; padding: 0.6rem; font-size: 0.9rem; overflow-wrap: anywhere; box-sizing: border-box; }
    .sticky_note { background: var(--fill, #fff9b1); box-shadow: 0 2px 5px rgba(0, 0, 0, 0.18); aspect-ratio: 1; }
    .card { background: #fff; border: 1px solid #d6d9e0; border-top: 4px solid #4262ff; border-radius: 6px; font-weight: 600; }
    .shape { display: flex; flex-direction: column; align-items: center; gap: 0.4rem; text-align: center; }
    .shape-figure { width: 3.2rem; height: 2.4rem; background: var(--fill, #fff); border: 2px solid #1a1a1a; box-sizing: border-box; }
    .shape-figure.circle { border-radius: 50%; width: 2.6rem; height: 2.6rem; }
    .shape-figure.round_rectangle { border-radius: 0.6rem; }
    .shape-figure.triangle { border: none; width: 0; height: 0; background: none; border-left: 1.5rem solid transparent; border-right: 1.5rem solid transparent; border-bottom: 2.6rem solid var(--fill, #1a1a1a); }
    .text { font-size: 1.05rem; padding-top: 1rem; }
    .frame { border: 2px dashed #8a8f9c; border-radius: 4px; color: #555; }
    .frame-tag { display: block; font-size: 0.75rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; color: #8a8f9c; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardItems {
  protected readonly boardId = inject(MIRO_CONFIG).boardId;
  private readonly miro = inject(MiroApi);
  private readonly type$ = new BehaviorSubject<string>('');
  protected readonly countOf = countOf;
  protected readonly pluralOf = pluralOf;

  // One read of the board, then its live changes, shared by the counts and the filtered list;
  // the async pipe's unsubscribe (refCount) aborts the read or stops the watch.
  private readonly view$: Observable<BoardView> = this.boardId
    ? boardView$(() => this.miro.getAllItems(this.boardId)).pipe(
        withLiveChanges(() => this.miro.watchBoard(this.boardId, { intervalMs: 2_000 })),
        shareReplay({ bufferSize: 1, refCount: true }),
      )
    : of<BoardView>({ status: 'error', items: [], counts: [], problem: NO_BOARD });

  protected readonly page$: Observable<BoardPage> = combineLatest([this.view$, this.type$]).pipe(
    map(([view, type]) => ({ view, type, items: itemsOfType(type)(view) })),
  );

  protected chooseType(type: string): void {
    this.type$.next(type);
  }
}
