package test;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Param;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;

/**
 * A walk on a ring of S cells (x0 holds the cell index): a move in {left, stay, right} is drawn from
 * softmax(pref[s * MOVES .. s * MOVES + 2]) (noise.categoricalLogits); neighbours are computed with int
 * arithmetic and % (written as doubles into an array by a void helper). Cost with int division, %, ++/--.
 * draws = (move). (int[] arrays are exercised by IntArrays.)
 */
@Chain(stateDim = 1, setting = Setting.DISCOUNTED, discount = 0.9)
public class RingWalk {
  static final int S = 5;
  static final int MOVES = 3;

  @Param(length = S * MOVES)
  double[] pref;

  int wrap(int i) {
    return (i % S + S) % S;
  }

  void neighbours(int s, double[] out) {
    out[0] = wrap(s - 1);
    out[1] = s;
    out[2] = wrap(s + 1);
  }

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    int s = (int) x[0];
    double[] logits = new double[MOVES];
    for (int j = 0; j < MOVES; j++) {
      logits[j] = pref[s * MOVES + j];
    }
    double[] nb = new double[MOVES];
    neighbours(s, nb);
    int move = noise.categoricalLogits(logits);
    int target = (int) nb[move];
    next[0] = target;
  }

  @Cost
  double cost(double[] x) {
    int s = (int) x[0];
    int half = s / 2;
    int steps = 0;
    steps++;
    steps += half;
    --steps;
    double[] table = {0.0, 1.0, 2.0, 1.0, 0.0};
    int idx = (int) table[s];
    return s % 2 == 0 ? table[s] : 0.5 * idx + steps;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    double[] p0 = {0.2, 0.2, 0.2, 0.2, 0.2};
    x[0] = noise.categorical(p0);
  }
}
