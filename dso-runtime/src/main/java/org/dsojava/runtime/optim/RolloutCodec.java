package org.dsojava.runtime.optim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.dsojava.runtime.data.DataSet;

/**
 * The bytes between an estimator and its remote {@link RolloutWorker}s: a batch request (iteration, θ,
 * the average-cost shift, V̂'s state, whether to record) and a range's results (each rollout's G₀, its
 * summary and, when recording, its record). Doubles travel as their raw bits, so nothing is rounded on
 * the way.
 */
final class RolloutCodec {
  private static final int REQUEST = 0x44534F51; // "DSOQ"
  private static final int RESULT = 0x44534F52; // "DSOR"
  private static final String BASELINE_FORMAT = "dso-baseline 1";

  private RolloutCodec() {}

  /** A batch request as sent to the workers. */
  record Request(int iteration, double[] theta, double averageCost, byte[] baselineState, boolean record,
      int dataTrajectories, long dataRecords) {
    boolean hasBaseline() {
      return baselineState.length > 0;
    }
  }

  /** {@code data}: the trajectories rollouts are tied to (eq. 99), or null; its shape travels as a check. */
  static byte[] request(int iteration, double[] theta, double averageCost, ValueBaseline baseline, boolean record,
      DataSet data, String model) {
    byte[] state = baselineState(baseline, model);
    return write(out -> {
      out.writeInt(REQUEST);
      out.writeInt(iteration);
      out.writeBoolean(record);
      out.writeDouble(averageCost);
      doubles(out, theta);
      out.writeInt(state.length);
      out.write(state);
      out.writeInt(data == null ? -1 : data.trajectories());
      out.writeLong(data == null ? -1 : data.totalRecords());
    });
  }

  /** V̂'s state as {@link Checkpointable} saves it (empty for no baseline). */
  private static byte[] baselineState(ValueBaseline baseline, String model) {
    if (baseline == ValueBaseline.none()) {
      return new byte[0];
    }
    if (!(baseline instanceof Checkpointable c)) {
      throw new IllegalArgumentException(model + ": the baseline " + baseline + " cannot be sent to remote rollout"
          + " workers: it does not implement Checkpointable (its state must travel with each batch); use"
          + " LinearBaseline, MlpBaseline or ValueBaseline.none(), or implement Checkpointable");
    }
    SavedState s = SavedState.create(BASELINE_FORMAT);
    c.saveState(s.section("baseline"));
    return s.bytes();
  }

  static Request request(byte[] bytes) {
    return read(bytes, in -> {
      expect(in, REQUEST, "a rollout batch request");
      int iteration = in.readInt();
      boolean record = in.readBoolean();
      double averageCost = in.readDouble();
      double[] theta = doubles(in);
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      return new Request(iteration, theta, averageCost, state, record, in.readInt(), in.readLong());
    });
  }

  /** Restores the driver's V̂ (sent in the request) into the worker's baseline of the same kind. */
  static ValueBaseline baseline(Request r, ValueBaseline template) {
    if (!r.hasBaseline()) {
      return ValueBaseline.none();
    }
    if (!(template instanceof Checkpointable c)) {
      throw new IllegalArgumentException("the worker's baseline " + template + " is "
          + (template == ValueBaseline.none() ? "none, but the driver's is fitted" : "not Checkpointable")
          + "; give the engine a baseline of the same kind as the optimizer's");
    }
    c.restoreState(SavedState.parse(r.baselineState(), "the baseline sent with batch " + r.iteration(),
        BASELINE_FORMAT).section("baseline"));
    return template;
  }

  /**
   * Rollouts from…to−1's results; {@code samples}: the summaries hold V̂'s fit samples (a baseline fitted
   * from samples, not from statistics or not at all).
   */
  static byte[] results(int from, int to, double[][] gradients, RolloutRecursion.RolloutSummary[] summaries,
      boolean samples) {
    return write(out -> {
      out.writeInt(RESULT);
      out.writeInt(from);
      out.writeInt(to);
      for (int n = from; n < to; n++) {
        doubles(out, gradients[n]);
        RolloutRecursion.RolloutSummary s = summaries[n];
        out.writeDouble(s.cost);
        out.writeInt(s.steps);
        out.writeBoolean(s.blownUp);
        out.writeBoolean(s.finite);
        out.writeBoolean(s.problem != null);
        if (s.problem != null) {
          out.writeUTF(s.problem);
        }
        out.writeInt(s.fitCount);
        out.writeBoolean(samples);
        for (int i = 0; samples && i < s.fitCount; i++) {
          doubles(out, s.fitStates[i]);
          out.writeInt(s.fitSteps[i]);
          out.writeDouble(s.fitTargets[i]);
        }
        doubles(out, s.stats);
        Batch.Rollout r = s.record;
        out.writeBoolean(r != null);
        if (r != null) {
          out.writeInt(r.index);
          out.writeInt(r.length);
          rows(out, r.states);
          rows(out, r.draws);
          doubles(out, r.costWeight);
          doubles(out, r.ratioWeight);
          doubles(out, r.logDensity);
          doubles(out, r.fisherWeight);
          out.writeDouble(r.terminalWeight);
        }
      }
    });
  }

  /**
   * Puts a range's results into their slots (records into the summaries' records, which must exist
   * when the batch is recorded); returns the range as {from, to}.
   */
  static int[] results(byte[] bytes, double[][] gradients, RolloutRecursion.RolloutSummary[] summaries) {
    return read(bytes, in -> {
      expect(in, RESULT, "a rollout range's results");
      int from = in.readInt();
      int to = in.readInt();
      if (from < 0 || to > gradients.length || from > to) {
        throw new IllegalStateException("a rollout worker returned the range " + from + "…" + (to - 1)
            + ", outside the batch of " + gradients.length + " rollouts");
      }
      for (int n = from; n < to; n++) {
        double[] g = doubles(in);
        if (g.length != gradients[n].length) {
          throw new IllegalStateException("a rollout worker returned a gradient of " + g.length + " entries for rollout "
              + n + "; the model has " + gradients[n].length + " parameters (a different model on the workers?)");
        }
        System.arraycopy(g, 0, gradients[n], 0, g.length);
        RolloutRecursion.RolloutSummary s = summaries[n];
        s.cost = in.readDouble();
        s.steps = in.readInt();
        s.blownUp = in.readBoolean();
        s.finite = in.readBoolean();
        s.problem = in.readBoolean() ? in.readUTF() : null;
        s.fitCount = in.readInt();
        int fit = in.readBoolean() ? s.fitCount : 0;
        s.fitStates = new double[fit][];
        s.fitSteps = new int[fit];
        s.fitTargets = new double[fit];
        for (int i = 0; i < fit; i++) {
          s.fitStates[i] = doubles(in);
          s.fitSteps[i] = in.readInt();
          s.fitTargets[i] = in.readDouble();
        }
        s.stats = doubles(in);
        if (in.readBoolean()) {
          Batch.Rollout r = s.record;
          if (r == null) {
            throw new IllegalStateException("a rollout worker recorded rollout " + n + " of a batch not being recorded");
          }
          r.index = in.readInt();
          r.length = in.readInt();
          r.states = rows(in);
          r.draws = rows(in);
          r.costWeight = doubles(in);
          r.ratioWeight = doubles(in);
          r.logDensity = doubles(in);
          r.fisherWeight = doubles(in);
          r.terminalWeight = in.readDouble();
        } else if (s.record != null) {
          throw new IllegalStateException("a rollout worker did not record rollout " + n + " of a recorded batch");
        }
      }
      return new int[] {from, to};
    });
  }

  // ---------------------------------------------------------------- plumbing

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> r) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T value = r.read(in);
      if (in.available() > 0) {
        throw new IllegalStateException(in.available() + " bytes left over after a rollout message");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalStateException("a truncated or malformed rollout message (" + bytes.length + " bytes): " + e, e);
    }
  }

  private static void expect(DataInputStream in, int magic, String what) throws IOException {
    int m = in.readInt();
    if (m != magic) {
      throw new IllegalStateException("expected " + what + " but the bytes start with 0x" + Integer.toHexString(m));
    }
  }

  /** A length and the raw bits, big-endian as {@link DataOutputStream#writeDouble}, copied in bulk. */
  private static void doubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    ByteBuffer b = ByteBuffer.allocate(8 * v.length);
    b.asDoubleBuffer().put(v);
    out.write(b.array());
  }

  private static double[] doubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available() / 8) {
      throw new IOException("an array of " + n + " doubles with " + in.available() + " bytes left");
    }
    byte[] bytes = new byte[8 * n];
    in.readFully(bytes);
    double[] v = new double[n];
    ByteBuffer.wrap(bytes).asDoubleBuffer().get(v);
    return v;
  }

  private static void rows(DataOutputStream out, double[][] rows) throws IOException {
    out.writeInt(rows.length);
    for (double[] r : rows) {
      doubles(out, r);
    }
  }

  private static double[][] rows(DataInputStream in) throws IOException {
    double[][] rows = new double[in.readInt()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = doubles(in);
    }
    return rows;
  }
}
