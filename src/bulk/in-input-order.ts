import { Observable, type OperatorFunction } from 'rxjs';

/**
 * Re-emits indexed results one by one in index order (0, 1, 2, ...), whatever order their
 * groups arrive in. A result waits only until every earlier index has been emitted. Should
 * the source complete with gaps (it never should), what is held is emitted in order rather
 * than lost.
 */
export function inInputOrder<T extends { index: number }>(): OperatorFunction<readonly T[], T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const waiting = new Map<number, T>();
      let next = 0;
      return source.subscribe({
        next: (group) => {
          for (const result of group) waiting.set(result.index, result);
          let result = waiting.get(next);
          while (result !== undefined) {
            waiting.delete(next);
            next += 1;
            subscriber.next(result);
            result = waiting.get(next);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const index of [...waiting.keys()].sort((a, b) => a - b)) subscriber.next(waiting.get(index)!);
          waiting.clear();
          subscriber.complete();
        },
      });
    });
}
