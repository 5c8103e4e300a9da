package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bundled files are exact copies, and every one is accounted for in the notice. */
class BundledDataTest {

  private static final Path SHARED = Path.of("../../shared/data");

  /** Bundled resource → upstream copy in the shared data folder. */
  private static final Map<String, String> COPIES = Map.of(
      "math500.jsonl", "math500/test.jsonl",
      "gsm8k-test.jsonl", "gsm8k/test.jsonl",
      "aime24.jsonl", "aime24/test.jsonl",
      "aime25.jsonl", "aime25/test.jsonl",
      "amc23.jsonl", "amc23/test.jsonl");

  @Test
  void bundledProblemFilesAreExactCopiesOfTheSharedData() throws IOException {
    assumeTrue(Files.isDirectory(SHARED), "shared data absent (a user's clone): " + SHARED.toAbsolutePath());
    for (Map.Entry<String, String> e : COPIES.entrySet()) {
      assertArrayEquals(Files.readAllBytes(SHARED.resolve(e.getValue())), resource(e.getKey()), e.getKey());
    }
  }

  @Test
  void noticeNamesEveryBundledFileAndItsLicenceTextIsBundled() throws IOException {
    String notice = new String(resource("NOTICE.md"), StandardCharsets.UTF_8);
    for (String file : COPIES.keySet()) {
      assertTrue(notice.contains("`" + file + "`"), "NOTICE.md does not mention " + file);
    }
    assertTrue(notice.contains("`qwen-math-cot-100.candidates.jsonl`"));
    Matcher m = Pattern.compile("`(licenses/[^`]+)`").matcher(notice);
    int licences = 0;
    while (m.find()) {
      licences++;
      assertTrue(resource(m.group(1)).length > 500, m.group(1));
    }
    assertTrue(licences >= 6, "licence references in NOTICE.md: " + licences);
  }

  private byte[] resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("data/" + name)) {
      assertNotNull(in, "missing resource data/" + name);
      return in.readAllBytes();
    }
  }
}
