package javax.lang.model.element;

/**
 * Stand-in for {@code java.compiler}'s interface, loaded only on a JVM without that module: the class
 * verifier loads it while checking JavaPoet's (unused) methods that take it.
 *
 * @param <R> result type
 * @param <P> parameter type
 */
public interface AnnotationValueVisitor<R, P> {}
