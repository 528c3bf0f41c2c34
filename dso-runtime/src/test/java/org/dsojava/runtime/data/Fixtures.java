package org.dsojava.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The schema of the paper's section 5.1 example (x̄ of 4, ā of 1, ȳ of 2) and data sets built on it. */
final class Fixtures {
  private Fixtures() {}

  static final DataSchema XAY = DataSchema.of(DataSchema.field("x", 4), DataSchema.field("a", 1),
      DataSchema.field("y", 2));

  static final String HEADER = "n,t,x[0],x[1],x[2],x[3],a,y[0],y[1]";

  /** The value a synthetic data set holds at (n, t, position in the record). */
  static double value(int n, int t, int p) {
    return n * 1000.0 + t + p / 10.0 + (p % 2 == 0 ? 0 : -0.0625);
  }

  /** {@code lengths.length} trajectories of the given lengths, values from {@link #value}. */
  static DataSet synthetic(int... lengths) {
    DataSet.Builder b = DataSet.builder(XAY);
    double[] r = new double[XAY.width()];
    for (int n = 0; n < lengths.length; n++) {
      for (int t = 0; t < lengths[n]; t++) {
        for (int p = 0; p < r.length; p++) {
          r[p] = value(n, t, p);
        }
        b.add(n, t, r);
      }
    }
    return b.build();
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  /** Every value of the two data sets has the same bits, and the shapes agree. */
  static void assertSameBits(DataSet expected, DataSet actual) {
    assertEquals(expected.schema(), actual.schema());
    assertEquals(expected.trajectories(), actual.trajectories());
    assertEquals(expected.totalRecords(), actual.totalRecords());
    double[] e = new double[expected.schema().width()];
    double[] a = new double[e.length];
    for (int n = 0; n < expected.trajectories(); n++) {
      assertEquals(expected.length(n), actual.length(n), "length of trajectory " + n);
      for (int t = 0; t < expected.length(n); t++) {
        expected.readRecord(n, t, e, 0);
        actual.readRecord(n, t, a, 0);
        for (int p = 0; p < e.length; p++) {
          assertEquals(Double.doubleToRawLongBits(e[p]), Double.doubleToRawLongBits(a[p]),
              "bits of (n = " + n + ", t = " + t + ") value " + p + ": " + e[p] + " vs " + a[p]);
        }
      }
    }
  }
}
