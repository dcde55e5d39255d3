import type { Clock } from '../../core/clock';

/** A clock the test moves by hand: the server reads `now()`, the test `set()`s it. */
export class TestClock implements Clock {
  constructor(public t: Date) {}
  now() {
    return new Date(this.t);
  }
  set(iso: string) {
    this.t = new Date(iso);
  }
}
