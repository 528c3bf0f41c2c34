package org.dsojava.samples.sysid;

import org.dsojava.annotations.Chain;
import org.dsojava.annotations.Cost;
import org.dsojava.annotations.DataCost;
import org.dsojava.annotations.Initial;
import org.dsojava.annotations.Noise;
import org.dsojava.annotations.Recorded;
import org.dsojava.annotations.Setting;
import org.dsojava.annotations.Transition;
import org.dsojava.parts.LinearMeasurement;

/**
 * Sensor calibration (paper section 5.1, L_calib): a linear measurement model y = C x + ξ, ξ ~ N(0, diag σ²),
 * the library's {@link LinearMeasurement} (θ_h = C, θ_ξ = log σ), learned from recorded (x̄, ȳ) by the data
 * cost block {@code calib} = −ln p_ξ(ȳ − C x̄). The chain (a random walk) only makes the model a DSO chain.
 */
@Chain(stateDim = 2, setting = Setting.FIRST_EXIT, discount = 1.0, horizon = 50)
public class SensorCalibration {
  final LinearMeasurement sensor = new LinearMeasurement(2, 2);

  @Transition
  void step(double[] x, Noise noise, double[] next) {
    next[0] = noise.gaussian(x[0], 0.1);
    next[1] = noise.gaussian(x[1], 0.1);
  }

  @Cost
  double cost(double[] x) {
    return 0.0;
  }

  @Initial
  void reset(Noise noise, double[] x) {
    x[0] = noise.gaussian(0.0, 1.0);
    x[1] = noise.gaussian(0.0, 1.0);
  }

  /** L_calib = −ln p_ξ(ȳ − C x̄). */
  @DataCost
  double calib(@Recorded(value = "x", length = 2) double[] x, @Recorded(value = "y", length = 2) double[] y) {
    return -sensor.logLikelihood(y, x);
  }
}
