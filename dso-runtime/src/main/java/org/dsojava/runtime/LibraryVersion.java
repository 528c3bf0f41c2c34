package org.dsojava.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The dso-runtime version (the Maven project version), as recorded in policy files and checkpoints. */
public final class LibraryVersion {
  private static final String VERSION = load();

  private LibraryVersion() {}

  /** E.g. {@code "0.1.0-SNAPSHOT"}; {@code "unknown"} if the build did not record it. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = LibraryVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown").trim();
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
