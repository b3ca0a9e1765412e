const LAST_TICK = 0;
/** How often the thread that answers requests says it is free. */
const TICK_MS = 10;
/** A tick later than this means that thread is busy: requests are waiting for it. */
const BEHIND_MS = 5;
/** A job thread gives way for at most this long per item... */
const MAX_GIVE_WAY_MS = 50;
/** ...and for at most this much per millisecond it works, so a busy server slows jobs down but never stops them. */
const MAX_SHARE = 0.5;
/** How much unused allowance to wait a job thread can save up. */
const MAX_SAVED_MS = 500;
const STEP_MS = 2;

const clock = () => Date.now() % 2 ** 30;
const since = (then: number) => (clock() - then + 2 ** 30) % 2 ** 30;

/**
 * Whether the thread that answers requests is behind, shared with the job threads through a
 * SharedArrayBuffer. That thread ticks every TICK_MS; a job thread that finds the last tick late gives way
 * between items: with few cores (or a machine shared with others) CPU goes to requests first, whatever the
 * operating system would do.
 */
export class ServingPressure {
  private readonly state: Int32Array;
  private timer?: NodeJS.Timeout;
  /** Milliseconds this job thread may still spend giving way: MAX_SHARE of the time it worked, up to a cap. */
  private allowance = 0;
  private counted = performance.now();

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.state = new Int32Array(buffer);
  }

  /** On the thread that answers requests. */
  watch() {
    Atomics.store(this.state, LAST_TICK, clock());
    this.timer = setInterval(() => Atomics.store(this.state, LAST_TICK, clock()), TICK_MS);
    this.timer.unref();
  }

  unwatch() {
    clearInterval(this.timer);
    Atomics.store(this.state, LAST_TICK, 0);
  }

  /** On a job thread between items: waits while the serving thread is behind, within the limits above. */
  async giveWay(): Promise<void> {
    const started = performance.now();
    this.allowance = Math.min(MAX_SAVED_MS, this.allowance + (started - this.counted) * MAX_SHARE);
    const allowed = Math.min(MAX_GIVE_WAY_MS, this.allowance);
    while (performance.now() - started < allowed && this.behind()) {
      await new Promise((resume) => setTimeout(resume, STEP_MS));
    }
    this.counted = performance.now();
    this.allowance -= this.counted - started;
  }

  private behind(): boolean {
    const last = Atomics.load(this.state, LAST_TICK);
    return last !== 0 && since(last) > TICK_MS + BEHIND_MS;
  }
}
