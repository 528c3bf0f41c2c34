package org.dsojava.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors and keeps going, so one build lists every problem; counts them so a model with
 * errors generates nothing. Errors go to a {@link Reporter}; {@link #javac} is the annotation
 * processor's, which places them on elements or on source trees ({@link SourcePos}).
 */
public final class Diagnostics {
  private final Reporter reporter;
  private int errors;

  /** Errors go to {@code reporter}. */
  public Diagnostics(Reporter reporter) {
    this.reporter = java.util.Objects.requireNonNull(reporter, "reporter");
  }

  /** javac's reporter: through {@code trees} on source trees when given, else on elements through the Messager. */
  public Diagnostics(Messager messager, Trees trees) {
    this(javac(messager, trees));
  }

  /** A source tree inside its compilation unit: where a diagnostic is placed. */
  public record SourcePos(Tree tree, CompilationUnitTree unit, Element element) {}

  /** The reporter of the annotation processor: javac's Messager, and its Trees for positions inside bodies. */
  public static Reporter javac(Messager messager, Trees trees) {
    return (message, where, text) -> {
      if (where instanceof SourcePos p && trees != null && p.tree() != null) {
        trees.printMessage(Diagnostic.Kind.ERROR, text, p.tree(), p.unit());
      } else if (where instanceof SourcePos p) {
        messager.printMessage(Diagnostic.Kind.ERROR, text, p.element());
      } else if (where instanceof Element e) {
        messager.printMessage(Diagnostic.Kind.ERROR, text, e);
      } else {
        messager.printMessage(Diagnostic.Kind.ERROR, text);
      }
    };
  }

  public void error(Message message, Object where, Object... args) {
    errors++;
    reporter.error(message, where, message.format(args));
  }

  public int errorCount() {
    return errors;
  }
}
