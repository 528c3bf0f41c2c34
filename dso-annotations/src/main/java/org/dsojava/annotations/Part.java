package org.dsojava.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A reusable piece of a model defined in its own class: a layer, a policy, a dynamics model, a
 * measurement model, or a class of static helper functions. Models use a part through a field,
 * {@code final Dense layer = new Dense(4, 8);}, or call its static methods, {@code Physics.step(x, u, next)};
 * the model compiler inlines the part's code into the model's kernels and differentiates it like the
 * model's own. A part's {@code @Param} fields are laid out inside the model's θ at the position of the
 * field that holds the part, named by its path ({@code policy.hidden.w}).
 *
 * <p>Structural sizes are constructor arguments: the constructor may only assign fields, each from a
 * compile-time expression of its arguments ({@code this.in = in}, {@code w = new double[in * out]},
 * {@code hidden = new Dense(in, width)}); the use site passes constants, so every size is known when the
 * kernels are generated. A part's methods follow the same subset as a model's.
 *
 * <p>Compiled with the processor, a {@code @Part} class leaves its source in its jar as the resource
 * {@code dsoparts/<qualified name>.java.txt}, which is how a model compiled later, in another
 * module, reads the bodies of methods it only has as class files (the way Kotlin ships inline
 * functions). Classes compiled in the same build as the model need no annotation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Part {}
