package org.medbroker.mappings.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.medbroker.mappings.hl7v2.Hl7Charsets;

/**
 * The golden HL7 v2 samples under {@code samples/hl7} of the repository, found from the {@code basedir} system
 * property (set by Maven Surefire) or the working directory, and decoded as a listener would decode them.
 */
public final class Hl7Samples {
  /** Files named {@code *.cp1251.hl7} stand for a listener whose default charset is windows-1251. */
  public static final String CP1251_SUFFIX = ".cp1251.hl7";

  private Hl7Samples() {
  }

  /** The {@code samples/hl7} directory. */
  public static Path directory() {
    for (String start : new String[] {System.getProperty("basedir"), System.getProperty("user.dir")}) {
      if (start == null) {
        continue;
      }
      for (Path dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("samples").resolve("hl7");
        if (Files.isDirectory(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("samples/hl7 not found above basedir or the working directory");
  }

  /** Every {@code *.hl7} file under the directory, sorted by path. */
  public static List<Path> all() {
    try (Stream<Path> files = Files.walk(directory())) {
      return files.filter(file -> file.getFileName().toString().endsWith(".hl7")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample by path relative to the directory, e.g. {@code "invalid/ORU-nm-not-numeric.hl7"}. */
  public static Path path(String relative) {
    return directory().resolve(relative);
  }

  /**
   * The text of a sample: the charset named in MSH-18 (read from the bytes), else windows-1251 for
   * {@code *.cp1251.hl7} files, else UTF-8.
   */
  public static String read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new String(bytes, charset(file, bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #read(Path)} by relative path. */
  public static String read(String relative) {
    return read(path(relative));
  }

  /** The listener default a sample file stands for. */
  public static Charset listenerDefault(Path file) {
    return file.getFileName().toString().endsWith(CP1251_SUFFIX) ? Charset.forName("windows-1251")
        : StandardCharsets.UTF_8;
  }

  static Charset charset(Path file, byte[] bytes) {
    return Hl7Charsets.detect(bytes, listenerDefault(file));
  }
}
