package javax.tools;

/**
 * Stand-in for {@code java.compiler}'s interface, loaded only on a JVM without that module: the class
 * verifier loads it while checking JavaPoet's (unused) methods that use it.
 */
public interface JavaFileObject {}
