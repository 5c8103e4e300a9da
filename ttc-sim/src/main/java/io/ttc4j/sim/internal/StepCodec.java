package io.ttc4j.sim.internal;

import io.ttc4j.core.Step;

/**
 * How the hidden state of a simulated trajectory travels inside its step texts, so that nothing
 * is remembered between calls. Every step text starts with an opaque tag {@code [#xxxxxxxxxxxxxxxx]}
 * (16 hexadecimal digits) holding the planned number of steps, the wrong answer the trajectory heads
 * to (or none), a nonce and a checksum, scrambled by a bijection keyed with the problem and the
 * step's depth. The tag of the last step is the whole state: the simulator is a Markov chain over it.
 *
 * <p>A prefix is identified by a running hash of its step texts and token counts ({@link #extend}),
 * the same whether computed by walking a trajectory or while generating it.
 */
public final class StepCodec {

  /** Hash of the empty prefix. */
  public static final long ROOT = 0x1F83D9ABFB41BD6BL;

  /** Characters of a tag, {@code [#} + 16 hex digits + {@code ]}. */
  static final int TAG_LENGTH = 19;

  private static final long MASK_SALT = 0x5BE0CD19137E2179L;
  private static final long CHECK_SALT = 0xCA62C1D6F1BBCDCBL;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private StepCodec() {}

  /** The prefix hash after appending {@code step} to a prefix of hash {@code h}. */
  public static long extend(long h, Step step) {
    return Mix.combine(h, ((long) step.text().hashCode() << 32) ^ (step.tokens() & 0xFFFFFFFFL));
  }

  /**
   * The packed state of a step: planned steps (bits 0-7), wrong-answer rank + 1 (bits 8-15, 0 on a
   * correct path), nonce (bits 16-31), depth (bits 32-39).
   */
  static long pack(int plannedSteps, int wrongRank, int nonce, int depth) {
    return (plannedSteps & 0xFFL) | ((long) ((wrongRank + 1) & 0xFF) << 8) | ((long) (nonce & 0xFFFF) << 16)
        | ((long) (depth & 0xFF) << 32);
  }

  /** Planned number of steps of a packed state. */
  public static int plannedSteps(long state) {
    return (int) (state & 0xFF);
  }

  /** Wrong-answer rank of a packed state, -1 on a correct path. */
  public static int wrongRank(long state) {
    return (int) ((state >>> 8) & 0xFF) - 1;
  }

  /** Appends the tag of {@code state} at {@code depth} of problem {@code key}. */
  static void appendTag(StringBuilder b, long state, long key, int depth) {
    long payload = state & 0xFFFF_FFFF_FFFFL;
    long word = scramble(payload | (checksum(payload, key) << 48), roundKey(key, depth));
    b.append("[#");
    for (int shift = 60; shift >= 0; shift -= 4) {
      b.append(HEX[(int) (word >>> shift) & 0xF]);
    }
    b.append(']');
  }

  /**
   * The packed state of {@code step} at {@code depth} of problem {@code key}.
   *
   * @throws IllegalArgumentException when the step does not carry a valid tag for that position
   */
  public static long decode(Step step, long key, int depth, String problemId) {
    String text = step.text();
    if (text.length() >= TAG_LENGTH && text.charAt(0) == '[' && text.charAt(1) == '#' && text.charAt(18) == ']') {
      long word = 0;
      boolean ok = true;
      for (int i = 2; i < 18; i++) {
        int v = Character.digit(text.charAt(i), 16);
        if (v < 0) {
          ok = false;
          break;
        }
        word = (word << 4) | v;
      }
      if (ok) {
        word = unscramble(word, roundKey(key, depth));
        long payload = word & 0xFFFF_FFFF_FFFFL;
        if ((word >>> 48) == checksum(payload, key) && ((payload >>> 32) & 0xFF) == (depth & 0xFF)
            && plannedSteps(payload) >= 1) {
          return payload;
        }
      }
    }
    throw new IllegalArgumentException("step " + depth + " of the trajectory was not produced by a ttc4j simulator"
        + " for problem '" + problemId + "' at this position: '" + abbreviate(text) + "'");
  }

  private static long roundKey(long key, int depth) {
    return Mix.combine(key ^ MASK_SALT, depth);
  }

  /**
   * A keyed bijection of longs (a four-round Feistel network), so that tags of different
   * trajectories at the same depth share no visible digits: nothing about a path can be read
   * from its tags without the simulator.
   */
  static long scramble(long v, long k) {
    int l = (int) (v >>> 32);
    int r = (int) v;
    for (int round = 0; round < 4; round++) {
      int next = l ^ feistel(r, k, round);
      l = r;
      r = next;
    }
    return ((long) l << 32) | (r & 0xFFFFFFFFL);
  }

  /** The inverse of {@link #scramble}. */
  static long unscramble(long v, long k) {
    int l = (int) (v >>> 32);
    int r = (int) v;
    for (int round = 3; round >= 0; round--) {
      int previous = r ^ feistel(l, k, round);
      r = l;
      l = previous;
    }
    return ((long) l << 32) | (r & 0xFFFFFFFFL);
  }

  private static int feistel(int half, long k, int round) {
    return (int) Mix.mix((half & 0xFFFFFFFFL) ^ (k + round * Mix.GOLDEN));
  }

  private static long checksum(long payload, long key) {
    return Mix.combine(key ^ CHECK_SALT, payload) >>> 48;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
