package org.dsojava.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/** The crew's hand-over: every member runs every phase once, sees the caller's writes, and reports back. */
class CrewTest {

  /**
   * Spinning (the default on free cores) and parking at once (spin 0) must behave the same; the phase
   * counts keep this under a second (a parked hand-over costs about a millisecond here).
   */
  @Test
  void everyMemberRunsEveryPhaseExactlyOnceAndItsWritesAreVisibleAfterward() {
    checkPhases(new Crew(2, "crew-test", Crew.DEFAULT_SPIN_NANOS), 5_000);
    checkPhases(new Crew(3, "crew-test", 0L), 300);
  }

  private static void checkPhases(Crew crew, int phases) {
    try (crew) {
      int size = crew.size();
      long[] input = new long[size];
      long[] output = new long[size];
      AtomicInteger runs = new AtomicInteger();
      for (int phase = 1; phase <= phases; phase++) {
        for (int w = 0; w < size; w++) {
          input[w] = 7L * phase + w; // plain writes before run: the members must see them
        }
        crew.run(w -> {
          output[w] = input[w] * 2 + 1;
          runs.incrementAndGet();
        });
        for (int w = 0; w < size; w++) {
          assertEquals(2 * (7L * phase + w) + 1, output[w], "phase " + phase + ", member " + w + " of " + size);
        }
        assertEquals(phase * size, runs.get(), "phase " + phase);
      }
    }
  }

  @Test
  void memberZeroIsTheCallingThreadAndTheOthersAreDistinctDaemonThreads() {
    try (Crew crew = new Crew(3, "crew-test")) {
      AtomicReferenceArray<Thread> who = new AtomicReferenceArray<>(3);
      crew.run(w -> who.set(w, Thread.currentThread()));
      assertSame(Thread.currentThread(), who.get(0));
      assertTrue(who.get(1) != who.get(2) && who.get(1) != who.get(0));
      assertTrue(who.get(1).isDaemon() && who.get(2).isDaemon());
      assertTrue(who.get(1).getName().startsWith("crew-test-"));
    }
  }

  /**
   * A failure surfaces only once every member has stopped (they share buffers), the lowest member's
   * first; the crew stays usable afterwards.
   */
  @Test
  void aFailureIsRethrownAfterAllMembersStopAndTheCrewStaysUsable() {
    try (Crew crew = new Crew(3, "crew-test")) {
      AtomicInteger finished = new AtomicInteger();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> crew.run(w -> {
        if (w == 2) {
          throw new IllegalStateException("member 2 failed");
        }
        if (w == 1) {
          sleep(50); // still running when member 2 has failed and member 0 is done
          finished.incrementAndGet();
        }
      }));
      assertEquals(1, finished.get(), "run returned before member 1 had stopped");
      assertEquals("member 2 failed", e.getMessage());
      // Of two failures the lower member's wins; an Error passes through unwrapped.
      assertThrows(AssertionError.class, () -> crew.run(w -> {
        if (w == 1) {
          throw new AssertionError("member 1");
        }
        if (w == 2) {
          throw new IllegalStateException("member 2");
        }
      }));
      int[] out = new int[3];
      crew.run(w -> out[w] = w + 10);
      assertArrayEquals(new int[] {10, 11, 12}, out);
    }
  }

  @Test
  void closingStopsTheMembersAndLaterRunsAreRefused() throws InterruptedException {
    Crew crew = new Crew(2, "crew-test");
    Thread[] member = new Thread[1];
    crew.run(w -> {
      if (w == 1) {
        member[0] = Thread.currentThread();
      }
    });
    crew.close();
    member[0].join(5_000);
    assertFalse(member[0].isAlive(), "member thread still alive 5 s after close");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> crew.run(w -> { }));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  /** An interrupt while members still run is not acted on (they share buffers) but kept for the caller. */
  @Test
  void anInterruptOfTheCallerIsKeptUntilTheMembersAreDone() {
    try (Crew crew = new Crew(2, "crew-test", 0L)) {
      Thread caller = Thread.currentThread();
      AtomicInteger done = new AtomicInteger();
      crew.run(w -> {
        if (w == 1) {
          caller.interrupt();
          sleep(30);
          done.incrementAndGet();
        }
      });
      assertEquals(1, done.get());
      assertTrue(Thread.interrupted(), "the caller's interrupt was lost");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSpinBudgetComesFromTheSystemPropertyAndIsZeroWhenMembersOutnumberProcessors() {
    int cores = Runtime.getRuntime().availableProcessors();
    String before = System.getProperty(Crew.SPIN_PROPERTY);
    try {
      System.clearProperty(Crew.SPIN_PROPERTY);
      assertEquals(Crew.DEFAULT_SPIN_NANOS, Crew.defaultSpin(cores));
      assertEquals(0L, Crew.defaultSpin(cores + 1));
      System.setProperty(Crew.SPIN_PROPERTY, "0");
      assertEquals(0L, Crew.defaultSpin(1));
      System.setProperty(Crew.SPIN_PROPERTY, "-5");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crew.defaultSpin(1));
      assertEquals("-Ddso.spinNanos=-5 is negative; use 0 to park at once", e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(Crew.SPIN_PROPERTY);
      } else {
        System.setProperty(Crew.SPIN_PROPERTY, before);
      }
    }
  }
}
