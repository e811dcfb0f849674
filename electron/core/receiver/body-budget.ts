/**
 * The bytes the listener holds at once for bodies still unauthenticated (read, not yet verified or answered).
 * Two pools: bodies up to `smallBodyBytes` (a Knit event is 1-3 KB) draw on `smallPoolBytes`, larger bodies on
 * `largePoolBytes`; so parallel large bodies cannot crowd out Knit's small signed deliveries. A request that
 * finds its pool full is answered 503 with Retry-After by the listener (RFC 9110 section 15.6.4).
 */

/** The pools' sizes in bytes. */
export interface BodyBudgetLimits {
  smallBodyBytes: number;
  smallPoolBytes: number;
  largePoolBytes: number;
}

/**
 * 64 KB small bodies from a 16 MB pool (256 in flight), larger ones from a 24 MB pool (two 10 MB bodies in
 * flight beside a third starting): with the listener's 10 MB limit, about 40 MB of bodies in memory at most.
 */
export const DEFAULT_BODY_BUDGET: BodyBudgetLimits = { smallBodyBytes: 64 * 1024, smallPoolBytes: 16 * 1024 * 1024, largePoolBytes: 24 * 1024 * 1024 };

/** One request's share of the budget: grows as its body arrives, released once it is answered. */
export interface BodyReservation {
  /** Accounts for the body having reached `size` bytes; false (and nothing held) when its pool is full. */
  grow(size: number): boolean;
  /** Gives the bytes back; idempotent. */
  release(): void;
}

/** The listener's shared budget of in-flight body bytes. */
export class BodyBudget {
  private small = 0;
  private large = 0;

  constructor(readonly limits: BodyBudgetLimits = DEFAULT_BODY_BUDGET) {}

  /** Bytes held now in each pool (for tests and logs). */
  get inUse(): { small: number; large: number } {
    return { small: this.small, large: this.large };
  }

  /** A new request's reservation, holding nothing yet. */
  reserve(): BodyReservation {
    let held = 0;
    let large = false;
    const drop = (): void => {
      if (large) this.large -= held;
      else this.small -= held;
      held = 0;
    };
    return {
      grow: (size) => {
        if (size <= held) return true;
        const isLarge = size > this.limits.smallBodyBytes;
        if (isLarge !== large) drop();
        large = isLarge;
        const used = large ? this.large : this.small;
        const cap = large ? this.limits.largePoolBytes : this.limits.smallPoolBytes;
        if (used - held + size > cap) {
          drop();
          return false;
        }
        if (large) this.large += size - held;
        else this.small += size - held;
        held = size;
        return true;
      },
      release: drop,
    };
  }
}
