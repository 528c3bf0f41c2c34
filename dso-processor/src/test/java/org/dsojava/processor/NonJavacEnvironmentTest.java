package org.dsojava.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.dsojava.processor.diag.Message;
import org.junit.jupiter.api.Test;

/**
 * Under a processing environment that is not javac's own (Gradle's incremental wrapper, kapt, ECJ),
 * {@code Trees} is unavailable: the processor reports one clear error on each model instead of
 * crashing.
 */
class NonJavacEnvironmentTest {
  /** Hands the delegate a proxy of the environment, as build tools' wrappers do. */
  static final class WrappingProcessor extends AbstractProcessor {
    final DsoProcessor delegate = new DsoProcessor();
    ProcessingEnvironment wrapped;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      InvocationHandler forward = (proxy, method, args) -> method.invoke(env, args);
      wrapped = (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {ProcessingEnvironment.class}, forward);
      delegate.init(wrapped);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }

  @Test
  void reportsOneErrorPerModelUnderAWrappedEnvironment() {
    JavaFileObject model = JavaFileObjects.forSourceLines("test.Walk",
        "package test;",
        "",
        "import org.dsojava.annotations.*;",
        "",
        "@Chain(stateDim = 1, discount = 0.9)",
        "public class Walk {",
        "  @Param double k;",
        "  @Transition void step(double[] x, Noise noise, double[] next) { next[0] = noise.gaussian(k * x[0], 1); }",
        "  @Cost double cost(double[] x) { return x[0] * x[0]; }",
        "  @Initial void reset(Noise noise, double[] x) { x[0] = noise.uniform(-1, 1); }",
        "}");
    WrappingProcessor processor = new WrappingProcessor();
    Compilation c = Compiler.javac().withProcessors(processor).compile(model);
    assertThat(c).failed();
    assertEquals(1, c.errors().size(), c.errors().toString());
    assertThat(c).hadErrorContaining(Message.NOT_JAVAC.format(processor.wrapped.getClass().getName()))
        .inFile(model).onLine(6);
  }
}
