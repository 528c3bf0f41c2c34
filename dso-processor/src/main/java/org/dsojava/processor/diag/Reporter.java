package org.dsojava.processor.diag;

/**
 * Where the model compiler's errors go: the one thing the compiler core needs from its host. The
 * annotation processor reports through javac's Messager ({@link Diagnostics#javac}); another front end
 * (run-time compilation, a tool reading models some other way, a test) supplies its own.
 *
 * <p>{@code where} is the position object the front end put into the IR when it read the construct —
 * for javac, an {@code Element} or a {@link Diagnostics.SourcePos}; null when the error concerns no
 * construct in particular. The core never looks inside it, so a front end's positions reach its own
 * reporter unchanged.
 */
@FunctionalInterface
public interface Reporter {
  /** One error: the catalogue entry, where, and the formatted text ({@code message.format(args)}). */
  void error(Message message, Object where, String text);
}
