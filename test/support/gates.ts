/**
 * Holds an activity inside its run until the test lets it go: `entered` resolves once the activity is waiting, and
 * `release()` lets it finish. Only the first run of the activity is held.
 */
export interface Gate {
  entered: Promise<void>;
  release(): void;
  /** Called by the activity: waits, the first time only. */
  pass(): Promise<void>;
}

export function gate(): Gate {
  let enter!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((resolve) => (enter = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let used = false;
  return {
    entered,
    release,
    async pass() {
      if (used) return;
      used = true;
      enter();
      await released;
    },
  };
}
