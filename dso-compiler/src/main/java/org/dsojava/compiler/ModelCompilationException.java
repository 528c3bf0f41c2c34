package org.dsojava.compiler;

import java.util.List;

/**
 * A model source that does not compile: every error the Java compiler or the model compiler reported, with
 * the file, line and column of the model source, exactly as a build would report them.
 */
public final class ModelCompilationException extends RuntimeException {
  /** One error: where it is ({@code line} and {@code column} 1-based, 0 when unknown) and what it says. */
  public record Problem(String file, long line, long column, String message) {
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line + ":" + column : "") + ": error: " + message;
    }
  }

  private final List<Problem> problems;

  ModelCompilationException(List<Problem> problems) {
    super(problems.size() + " error(s):\n" + String.join("\n", problems.stream().map(Problem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
