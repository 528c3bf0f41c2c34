package org.dsojava.runtime.optim;

/**
 * A policy file or checkpoint that cannot be used: truncated or corrupt (its checksum fails), of another
 * format, or written for another model, generated-code version, library version or optimizer
 * configuration. The message names the file and what differs; nothing is loaded from such a file.
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }
}
