export interface Disposable {
  dispose(): void;
}

/** Owns disposables and disposes them together, last added first. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch {
        // one failing disposal must not keep the others alive
      }
    }
  }
}

export function toDisposable(fn: () => void): Disposable {
  return { dispose: fn };
}
