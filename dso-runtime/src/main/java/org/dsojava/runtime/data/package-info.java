/**
 * Recorded data sets 𝒟 = {x̄ₜⁿ, āₜⁿ, ȳₜⁿ} (paper section 5.1): trajectories n of time steps t whose
 * records hold named numeric fields, the constants that the data-driven costs (behavioural cloning,
 * calibration, system identification, tracking, estimation) compare a model against.
 *
 * <p>{@link org.dsojava.runtime.data.DataSchema} names the fields; {@link
 * org.dsojava.runtime.data.DataSet} reads records (random access, thread-safe, allocation-free); {@link
 * org.dsojava.runtime.data.DataSets} loads CSV, converts it to a binary file and maps that file; {@link
 * org.dsojava.runtime.data.MinibatchSampler} draws reproducible minibatches. Format and error list:
 * {@code docs/DATA.md}.
 */
package org.dsojava.runtime.data;
