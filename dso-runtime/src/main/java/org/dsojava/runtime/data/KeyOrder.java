package org.dsojava.runtime.data;

/**
 * The order of the keys (n, t) that every source of records obeys: trajectories 0, 1, 2, … each
 * contiguous, and within one the time steps 0, 1, 2, … without gaps or repeats. The checks return the
 * reason a key breaks the order (null if it does not), for the CSV reader and the builder to place.
 */
final class KeyOrder {
  private long n = -1;
  private long t = -1;
  private long records;

  /** Why trajectory index {@code next} cannot follow the previous record, or null. */
  String checkN(long next) {
    if (n < 0 && next != 0) {
      return "the first record has n = " + next + "; trajectories are numbered 0, 1, 2, … from the first record on";
    }
    if (next < n) {
      return "n = " + next + " after n = " + n
          + ": n goes back; each trajectory's records must be contiguous, trajectories in order 0, 1, 2, …";
    }
    if (next > n + 1) {
      return "n = " + next + " after n = " + n + ": n skips trajectory " + (n + 1)
          + "; trajectories are numbered 0, 1, 2, … without gaps";
    }
    return null;
  }

  /** Why time step {@code nextT} of trajectory {@code nextN} (which passed {@link #checkN}) cannot come next, or null. */
  String checkT(long nextN, long nextT) {
    if (nextN != n) {
      return nextT == 0 ? null
          : "trajectory n = " + nextN + " starts at t = " + nextT + "; every trajectory starts at t = 0";
    }
    if (nextT == t) {
      return "t = " + nextT + " repeats the previous record's time step (n = " + n + ")";
    }
    if (nextT < t) {
      return "t = " + nextT + " after t = " + t + " in trajectory n = " + n
          + ": t goes back; t must run 0, 1, 2, … within a trajectory";
    }
    if (nextT > t + 1) {
      return "t = " + nextT + " after t = " + t + " in trajectory n = " + n + ": t skips "
          + (nextT == t + 2 ? "t = " + (t + 1) : "t = " + (t + 1) + ".." + (nextT - 1))
          + "; t must run 0, 1, 2, … within a trajectory";
    }
    return null;
  }

  /** True if a record of trajectory {@code nextN} would start a new trajectory. */
  boolean newTrajectory(long nextN) {
    return nextN != n;
  }

  void accept(long nextN, long nextT) {
    n = nextN;
    t = nextT;
    records++;
  }

  long records() {
    return records;
  }
}
