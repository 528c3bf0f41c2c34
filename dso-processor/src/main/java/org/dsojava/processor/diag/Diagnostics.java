package org.dsojava.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors and keeps going, so one build lists every problem; counts them so a model with
 * errors generates nothing. Positions are either elements or source trees ({@link SourcePos}).
 */
public final class Diagnostics {
  private final Messager messager;
  private final Trees trees;
  private int errors;

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** A source tree inside its compilation unit: where a diagnostic is placed. */
  public record SourcePos(Tree tree, CompilationUnitTree unit, Element element) {}

  public void error(Message message, Object where, Object... args) {
    errors++;
    String text = message.format(args);
    if (where instanceof SourcePos p && trees != null && p.tree() != null) {
      trees.printMessage(Diagnostic.Kind.ERROR, text, p.tree(), p.unit());
    } else if (where instanceof SourcePos p) {
      messager.printMessage(Diagnostic.Kind.ERROR, text, p.element());
    } else if (where instanceof Element e) {
      messager.printMessage(Diagnostic.Kind.ERROR, text, e);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, text);
    }
  }

  public int errorCount() {
    return errors;
  }
}
