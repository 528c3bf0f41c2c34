package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the classes the model compiler generates ({@code <Model>Kernel}, {@code <Model>Dso}). The project's
 * own marker rather than {@code javax.annotation.processing.Generated}, which lives in the
 * {@code java.compiler} module: generated code then compiles and loads on a plain JRE too (run-time
 * compilation without javac).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Generated {
  /** The generator. */
  String value();
}
