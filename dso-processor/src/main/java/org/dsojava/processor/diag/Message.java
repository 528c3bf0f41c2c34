package org.dsojava.processor.diag;

/**
 * Every diagnostic the processor reports: one catalogue, so wording stays consistent and tests can
 * assert exact text. Each message names the construct, where it is, and what to write instead.
 */
public enum Message {
  NOT_JAVAC("dso-processor reads method bodies through javac's Trees API, which this compiler does not"
      + " provide (%s); compile @Chain models with javac"),
  NOT_A_CLASS("@Chain goes on a top-level class; %s is %s"),
  NESTED_CHAIN("@Chain class %s must be top-level or static nested; make it static"),
  STATE_DIM("@Chain(stateDim = %d) on %s: the state dimension must be at least 1"),
  DISCOUNT("@Chain(discount = %s) on %s: %s"),
  HORIZON("@Chain(horizon = %d) on %s: %s"),
  MISSING_METHOD("%s has no @%s method; add one: %s"),
  DUPLICATE_ROLE("%s has two @%s methods, %s and %s; keep exactly one"),
  BAD_SIGNATURE("@%s method %s has the wrong signature; write %s"),
  PARAM_TYPE("@Param field %s has type %s; θ fields are double or double[]"),
  PARAM_LENGTH("@Param double[] %s needs length >= 1, e.g. @Param(length = 4)"),
  PARAM_SCALAR_LENGTH("@Param double %s is a scalar; remove length = %d or make the field double[]"),
  PARAM_STATIC("@Param field %s is static; θ fields are instance fields"),
  FIELD_NOT_SUPPORTED("field %s is neither a @Param nor a static final constant; model state lives in x,"
      + " parameters in @Param fields"),
  CONSTANT_TYPE("constant %s has type %s; model constants are static final double, int or boolean"),
  UNSUPPORTED("%s is not supported in %s(); %s"),
  UNKNOWN_NAME("%s in %s() is not a local, a parameter, a @Param field or a static final constant"),
  UNKNOWN_METHOD("%s() called in %s() is not a method of %s nor a primitive function; supported: Math.%s,"
      + " model methods, and functions registered through PrimitiveFunction"),
  ARITY("%s takes %d argument(s), but %s() passes %d"),
  TYPE_MISMATCH("%s in %s() has type %s where %s is needed"),
  LOOP_FORM("for loop in %s() must be counted: for (int i = a; i < b; i++) with a loop index not assigned"
      + " in the body"),
  LOOP_BOUND("the bound %s of a for loop in %s() is not a compile-time constant; use an int literal, a"
      + " static final int, or the length of an array of fixed length"),
  ARRAY_LENGTH("new double[%s] in %s(): the length must be a compile-time constant (a literal or a"
      + " static final int)"),
  RETURN_NOT_TAIL("return in %s() must be the last statement (or end both branches of a final if/else);"
      + " assign a local and return it at the end"),
  RECURSION("%s() calls itself through %s; model methods are inlined, so recursion is not supported:"
      + " write the repetition as a counted for loop"),
  ASSIGN_READ_ONLY("%s is read-only in %s(): %s"),
  NOISE_OUTSIDE("noise site %s in %s(): noise is drawn only in @Transition and @Initial methods and in"
      + " helpers they pass their Noise parameter to"),
  UNKNOWN_DISTRIBUTION("no noise distribution named \"%s\" in %s(); built in: gaussian, uniform,"
      + " categorical, categoricalLogits, bernoulliLogit; others come through NoiseDistribution"),
  NOISE_ARGS("noise site %s in %s() takes (%s)"),
  THETA_REACHES_NEXT("θ reaches %s in %s() other than through a noise site (via %s): ln P would not be"
      + " the score of the chain; draw the value, e.g. next[i] = noise.gaussian(mean(x, θ), std)"),
  NOISE_UNDER_THETA("noise site in %s() is drawn only when a condition depending on θ (%s) holds; the set"
      + " of draws must not depend on θ: draw unconditionally and select with the drawn value"),
  THETA_OUTSIDE_BOTTLENECK("@Param %s is read in %s() outside the @Bottleneck %s(); with a bottleneck θ"
      + " must enter L and P only through η = %s(x) (Corollary 2)"),
  BOTTLENECK_ARGS("the @Bottleneck %s() must be called with the state array of %s(), as %s(%s)"),
  THETA_NOT_DIFFERENTIATED("@Param %s is read in %s() (%s): the estimator differentiates only the"
      + " transition and the cost, so %s; %s"),
  THETA_INDEX("%s[%s] in %s() reads outside @Param %s (length %d, index range %s); θ is one flat vector,"
      + " so this would read another parameter: keep the index in [0, %d)"),
  NO_END("%s chain %s has neither a @Terminal method nor a horizon, so a rollout would never end; add"
      + " @Terminal boolean done(double[] x) or set @Chain(horizon = H)"),
  BOTTLENECK_DIM("@Bottleneck(dim = %d) on %s(): the array form needs dim >= 1 (the length of eta)"),
  PARAM_INITIALIZER("@Param field %s has an initializer, which the optimizer never sees (θ starts from"
      + " @Param(value = ...)); write @Param(%s instead"),
  PARAM_FINAL("@Param field %s is final; θ fields are set by the optimizer: remove final"),
  CONSTANT_VALUE("constant %s = %s cannot be evaluated at compile time (%s); model constants are"
      + " literals, other constants, + - * / %% and Math functions of them"),
  DIVISION_BY_ZERO("integer division by zero in %s() (%s); Java would throw ArithmeticException"),
  OUTPUT_CLASH("@Chain class %s would generate %s, which %s generates already; two models in one package"
      + " need different simple names: rename one or move it to another package"),
  TOO_DEEP("%s is nested too deeply for the model compiler (%s); split the expression into locals"),
  RECORDED_PLACE("@Recorded parameter %s of %s(): recorded data are double[] parameters of @Transition,"
      + " @Cost, @Initial, @Terminal and @DataCost methods (helpers receive them as arguments; the @Bottleneck"
      + " μ(x,θ) reads none)"),
  RECORDED_FIELD("@Recorded(\"%s\") %s: %s"),
  PASSIVE_SITES("the KL of @Transition %s() to @Passive %s() (L_Lmdp, section 5.1) is generated site by site: %s"),
  PART_NO_SOURCE("%s is used by the model but its source is not available to the model compiler; a class"
      + " from another module must be annotated @Part and compiled with dso-processor, which leaves its source"
      + " in the jar as %s"),
  PART_CONSTRUCTOR("part %s cannot be built at compile time: %s"),
  PART_CYCLE("part %s contains itself (%s); parts form a tree"),
  GENERATOR("generator %s failed on %s: %s; the kernels were written, the generator's output may be missing"),
  INTERNAL("dso-processor failed on %s: %s; this is a bug, please report it with the model");

  private final String format;

  Message(String format) {
    this.format = format;
  }

  public String format(Object... args) {
    return String.format(format, args);
  }
}
