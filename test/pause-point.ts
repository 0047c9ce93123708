/**
 * A point inside the code under test where a race test holds it: the test arms it, the code (through a mocked
 * function) reaches it and waits until the test releases it, while the test starts the other side of the race.
 * Unarmed, reaching it passes straight on; it holds once per arming.
 */
export function pausePoint() {
  let armed: { wait: Promise<void>; arrive: () => void } | null = null;
  return {
    arm(): { reached: Promise<void>; release: () => void } {
      let release!: () => void;
      let arrive!: () => void;
      const wait = new Promise<void>((resolve) => (release = resolve));
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      armed = { wait, arrive };
      return { reached, release };
    },
    async reach(): Promise<void> {
      const point = armed;
      if (!point) return;
      armed = null;
      point.arrive();
      await point.wait;
    },
  };
}
