/**
 * A worked example of the processor's extension SPI.
 *
 * <p>Two kinds of classes live here, and the split matters:
 *
 * <ul>
 *   <li><b>Processor-side</b> ({@link org.dsojava.extension.example.Laplace},
 *       {@link org.dsojava.extension.example.SoftplusFunction}): implementations of
 *       {@code NoiseDistribution} / {@code PrimitiveFunction}, registered with {@code @AutoService} and
 *       found by the processor through {@link java.util.ServiceLoader}. They only run inside javac, so
 *       this module needs {@code dso-processor} at {@code provided} scope only.
 *   <li><b>Runtime-side</b> ({@link org.dsojava.extension.example.LaplaceSampler},
 *       {@link org.dsojava.extension.example.Softplus}): the plain static methods that generated kernels
 *       (and model code) call. They depend on nothing from the processor, so they load on a classpath
 *       without it.
 * </ul>
 *
 * A project using the extension therefore lists this module twice: in the compiler's
 * {@code annotationProcessorPaths} (next to {@code dso-processor}) and as an ordinary dependency.
 */
package org.dsojava.extension.example;
