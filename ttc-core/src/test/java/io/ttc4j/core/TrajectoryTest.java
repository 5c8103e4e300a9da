package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoryTest {

  private static final Step A = Step.of("a", 3, StepEnd.STEP_BOUNDARY);
  private static final Step B = Step.of("b", 4, StepEnd.STEP_BOUNDARY);
  private static final Step END = Step.of("so \\boxed{1}", 5, StepEnd.END_OF_SOLUTION);

  @Test
  void childrenShareTheirParent() {
    Trajectory root = Trajectory.empty().append(A);
    Trajectory left = root.append(B);
    Trajectory right = root.append(END);
    assertSame(root, left.parent());
    assertSame(root, right.parent());
    assertEquals(2, left.depth());
    assertEquals(7, left.tokens());
    assertEquals(List.of(A, END), right.steps());
    assertEquals("a\n\nso \\boxed{1}", right.text());
    assertTrue(right.isFinished());
    assertTrue(right.isComplete());
    assertFalse(left.isFinished());
  }

  @Test
  void finishedTrajectoriesTakeNoMoreSteps() {
    Trajectory done = Trajectory.of(List.of(A, END));
    assertThrows(IllegalStateException.class, () -> done.append(B));
    Trajectory cut = Trajectory.of(List.of(A, Step.of("x", 9, StepEnd.LENGTH)));
    assertTrue(cut.isFinished());
    assertFalse(cut.isComplete());
  }

  @Test
  void identityEqualityAndContentComparison() {
    Trajectory x = Trajectory.of(List.of(A, B));
    Trajectory y = Trajectory.of(List.of(A, B));
    assertFalse(x.equals(y));
    assertTrue(x.sameSteps(y));
    assertEquals(x.contentHash(), y.contentHash());
    assertTrue(x.contentHash() != Trajectory.of(List.of(B, A)).contentHash());
    assertTrue(x.contentHash() != x.parent().contentHash());
    assertFalse(x.sameSteps(Trajectory.of(List.of(B, A))));
    assertTrue(Trajectory.empty().isEmpty());
    assertEquals("", Trajectory.empty().text());
  }

  @Test
  void deepTrajectoriesDoNotRecurse() {
    Trajectory t = Trajectory.empty();
    for (int i = 0; i < 100_000; i++) {
      t = t.append(A);
    }
    assertEquals(100_000, t.steps().size());
    assertEquals(300_000, t.tokens());
  }
}
