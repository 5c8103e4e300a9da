package io.ttc4j.core;

import com.google.common.base.Ticker;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records what a search spends and enforces its {@link Budget} as a hard limit.
 *
 * <p>Before a call, the caller <em>reserves</em> the call's worst case (for a generator call:
 * {@code n} generations, {@code n × maxTokens} completion tokens and an upper bound of the prompt
 * tokens). The reservation succeeds only if everything already spent, everything reserved by calls
 * still in flight and the new worst case together fit in every limit. After the call the
 * reservation is <em>reconciled</em> with the usage the server reported, and the unused part goes
 * back to the budget. So the limits hold however many calls race, as long as generators report no
 * more than they were allowed; if one does, the meter records the truth and flags it
 * ({@link #overshoot()}), it never hides spend.
 *
 * <p>Thread-safe. Money is priced by the budget's {@link PriceModel}: the worst case at the
 * uncached input price, the actual usage with its cached part at the cached price.
 */
public final class ComputeMeter {

  private final Budget budget;
  private final Ticker ticker;
  private final long startNanos;
  private final long deadlineNanos; // relative to startNanos; Long.MAX_VALUE when none

  private Usage spent = Usage.ZERO;
  private Usage reserved = Usage.ZERO;
  private Usage overshoot = Usage.ZERO;

  private ComputeMeter(Budget budget, Ticker ticker) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.startNanos = ticker.read();
    this.deadlineNanos = budget.deadline() == null ? Long.MAX_VALUE : budget.deadline().toNanos();
  }

  /** A meter for {@code budget} whose deadline clock starts now. */
  public static ComputeMeter start(Budget budget) {
    return new ComputeMeter(budget, Ticker.systemTicker());
  }

  /** A meter for {@code budget} on the given clock (tests use a fake ticker). */
  public static ComputeMeter start(Budget budget, Ticker ticker) {
    return new ComputeMeter(budget, ticker);
  }

  /** The budget enforced. */
  public Budget budget() {
    return budget;
  }

  /**
   * Reserves the worst case {@code request} (its cost field is ignored and computed by the price
   * model at the uncached price).
   *
   * @return the reservation, or empty when it does not fit or the deadline has passed
   */
  public Optional<Reservation> tryReserve(Usage request) {
    try {
      return Optional.of(reserve(request));
    } catch (BudgetExhaustedException e) {
      return Optional.empty();
    }
  }

  /**
   * Reserves the worst case {@code request}.
   *
   * @throws BudgetExhaustedException naming the first limit that does not fit, or the deadline
   */
  public Reservation reserve(Usage request) {
    Objects.requireNonNull(request, "request");
    Usage worst = budget.priceModel().price(new Usage(request.generations(), request.promptTokens(), 0,
        request.completionTokens(), request.prmCalls(), request.prmTokens(), 0));
    if (isPastDeadline()) {
      throw new BudgetExhaustedException("deadline of " + budget.deadline() + " has passed", true);
    }
    synchronized (this) {
      Usage committed = spent.plus(reserved).plus(worst);
      String over = firstExceeded(committed, budget.limit());
      if (over != null) {
        throw new BudgetExhaustedException(
            over + " limit would be exceeded: spent " + spent + ", in flight " + reserved + ", requested " + worst, false);
      }
      reserved = reserved.plus(worst);
    }
    return new Reservation(worst);
  }

  /**
   * The largest {@code k <= want} such that {@code fixed + k × perUnit} fits now, or 0. Used to size
   * a batch (for example how many samples of {@code maxTokens} still fit) before reserving it.
   */
  public int maxUnits(Usage fixed, Usage perUnit, int want) {
    if (want <= 0 || isPastDeadline()) {
      return 0;
    }
    int lo = 0;
    int hi = want;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (fits(fixed.plus(times(perUnit, mid)))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static Usage times(Usage u, long k) {
    return new Usage(u.generations() * k, u.promptTokens() * k, u.cachedPromptTokens() * k,
        u.completionTokens() * k, u.prmCalls() * k, u.prmTokens() * k, u.costNanoUsd() * k);
  }

  /**
   * Whether the worst case {@code request} (priced like {@link #reserve}) would fit now, without
   * reserving it. A later {@link #reserve} may still fail when other calls reserve in between.
   */
  public boolean fits(Usage request) {
    if (isPastDeadline()) {
      return false;
    }
    Usage worst = budget.priceModel().price(new Usage(request.generations(), request.promptTokens(), 0,
        request.completionTokens(), request.prmCalls(), request.prmTokens(), 0));
    synchronized (this) {
      return firstExceeded(spent.plus(reserved).plus(worst), budget.limit()) == null;
    }
  }

  private static String firstExceeded(Usage u, Usage limit) {
    if (u.generations() > limit.generations()) return "generations";
    if (u.completionTokens() > limit.completionTokens()) return "completionTokens";
    if (u.promptTokens() > limit.promptTokens()) return "promptTokens";
    if (u.prmCalls() > limit.prmCalls()) return "prmCalls";
    if (u.costNanoUsd() > limit.costNanoUsd()) return "usd";
    return null;
  }

  /** What calls have spent (reconciled). */
  public synchronized Usage spent() {
    return spent;
  }

  /** What calls in flight have reserved. */
  public synchronized Usage inFlight() {
    return reserved;
  }

  /** What reported usages exceeded their reservations by, summed; zero when every call kept its bound. */
  public synchronized Usage overshoot() {
    return overshoot;
  }

  /** What is left: the limit minus spent and in-flight reservations (unlimited fields stay huge). */
  public synchronized Usage remaining() {
    return budget.limit().minus(spent.plus(reserved));
  }

  /** Nanoseconds since the meter started. */
  public long elapsedNanos() {
    return ticker.read() - startNanos;
  }

  /** Nanoseconds left before the deadline, or {@code Long.MAX_VALUE} when there is none. */
  public long remainingNanos() {
    return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineNanos - elapsedNanos());
  }

  /** Whether the budget's deadline has passed. */
  public boolean isPastDeadline() {
    return deadlineNanos != Long.MAX_VALUE && elapsedNanos() >= deadlineNanos;
  }

  @Override
  public String toString() {
    return "ComputeMeter[spent=" + spent() + ", inFlight=" + inFlight() + ", elapsedMs="
        + TimeUnit.NANOSECONDS.toMillis(elapsedNanos()) + ", budget=" + budget + "]";
  }

  /**
   * A reserved worst case. Exactly one of {@link #reconcile} or {@link #release} takes effect; later
   * calls are ignored, so a racing cancellation and completion cannot count a call twice.
   */
  public final class Reservation {
    private final Usage amount;
    private boolean settled;

    private Reservation(Usage amount) {
      this.amount = amount;
    }

    /** The reserved worst case, priced. */
    public Usage amount() {
      return amount;
    }

    /**
     * Replaces the reservation by what the call actually used (its cost field is ignored and
     * priced by the budget's price model).
     *
     * @return the priced actual usage that was recorded (zero if already settled)
     */
    public Usage reconcile(Usage actual) {
      Objects.requireNonNull(actual, "actual");
      Usage priced = budget.priceModel().price(actual);
      synchronized (ComputeMeter.this) {
        if (settled) {
          return Usage.ZERO;
        }
        settled = true;
        reserved = reserved.minus(amount);
        spent = spent.plus(priced);
        if (firstExceeded(priced, amount) != null) {
          overshoot = overshoot.plus(priced.minus(amount));
        }
      }
      return priced;
    }

    /** Gives the reservation back unspent (the call was not made or reported nothing). */
    public void release() {
      synchronized (ComputeMeter.this) {
        if (settled) {
          return;
        }
        settled = true;
        reserved = reserved.minus(amount);
      }
    }
  }
}
