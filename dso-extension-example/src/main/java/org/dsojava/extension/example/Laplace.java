package org.dsojava.extension.example;

import static org.dsojava.processor.ir.Ir.div;
import static org.dsojava.processor.ir.Ir.math;
import static org.dsojava.processor.ir.Ir.num;
import static org.dsojava.processor.ir.Ir.sub;

import com.google.auto.service.AutoService;
import java.util.List;
import org.dsojava.processor.ir.Expr;
import org.dsojava.processor.ir.Type;
import org.dsojava.processor.spi.NoiseDistribution;
import org.dsojava.processor.spi.Scope;

/**
 * Laplace(location, scale) noise, used in model code as {@code noise.draw("laplace", location, scale)}.
 *
 * <p>ln p(v | μ, b) = −ln 2 − ln b − |v − μ| / b. The location is a {@link #locationParameter()
 * location parameter}, so {@code e + noise.draw("laplace", m, b)} is read as
 * {@code noise.draw("laplace", e + m, b)}. Sampling calls {@link LaplaceSampler#sample}, which must be
 * on the compile classpath of the model.
 */
@AutoService(NoiseDistribution.class)
public final class Laplace implements NoiseDistribution {
  /**
   * The sampling helper, by name: a class literal would make the processor load it (and Rng) inside javac,
   * where only the SPI side of this module is needed.
   */
  private static final String SAMPLER = "org.dsojava.extension.example.LaplaceSampler";

  /** ln 2. */
  private static final double LN2 = 0.6931471805599453;

  @Override
  public String name() {
    return "laplace";
  }

  @Override
  public List<Type> parameterTypes() {
    return List.of(Type.DOUBLE, Type.DOUBLE);
  }

  @Override
  public Type valueType() {
    return Type.DOUBLE;
  }

  @Override
  public String sampleCode(String rng, List<String> args) {
    return SAMPLER + ".sample(" + rng + ", " + args.get(0) + ", " + args.get(1) + ")";
  }

  @Override
  public Expr mean(List<Expr> args, Scope scope) {
    return args.get(0);
  }

  @Override
  public Expr logDensity(Expr value, List<Expr> args, Scope scope) {
    Expr mu = args.get(0);
    Expr b = args.get(1);
    // −ln 2 − ln b − |v − μ| / b. The kink at v = μ has probability 0; Math.abs's partial picks +1 there.
    return sub(sub(num(-LN2), math("log", b)), div(math("abs", sub(value, mu)), b));
  }

  @Override
  public int locationParameter() {
    return 0;
  }
}
