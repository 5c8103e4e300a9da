package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.core.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Our Game of 24 checker against the Tree-of-Thoughts paper's own correctness judgements on its
 * logged GPT-4 outputs (IO, CoT and ToT BFS on puzzles 900-999). Skipped when the shared data is absent.
 */
class Game24LogAgreementTest {

  private static final Path DIR = Path.of("../../shared/data/game24");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void agreesWithThePapersJudgementOnEverySample() throws IOException {
    assumeTrue(Files.isDirectory(DIR), "shared data not present: " + DIR.toAbsolutePath());
    List<String> puzzles = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("24.csv")).subList(1, 1363)) {
      puzzles.add(line.split(",")[1]);
    }
    Verifier verifier = Verifiers.game24();
    var extractor = Verifiers.game24Answers();
    int[] totals = new int[3];
    int[] positives = new int[3];
    List<String> disagreements = new ArrayList<>();
    String[] logs = {
        "gpt-4_0.7_naive_standard_sample_100_start900_end1000.json",
        "gpt-4_0.7_naive_cot_sample_100_start900_end1000.json",
        "gpt-4_0.7_propose1_value3_greedy5_start900_end1000.json"};
    for (int k = 0; k < logs.length; k++) {
      for (JsonNode entry : JSON.readTree(DIR.resolve(logs[k]).toFile())) {
        int idx = entry.get("idx").asInt();
        Problem problem = Problem.of("game24-" + idx, puzzles.get(idx));
        JsonNode ys = entry.get("ys");
        for (int i = 0; i < ys.size(); i++) {
          boolean paper = k == 0 ? entry.get("accs").get(i).asBoolean() : entry.get("infos").get(i).get("r").asInt() == 1;
          Optional<String> answer = extractor.extract(ys.get(i).asText());
          boolean ours = answer.isPresent() && verifier.verify(problem, answer.get());
          totals[k]++;
          positives[k] += paper ? 1 : 0;
          if (ours != paper) {
            disagreements.add(logs[k] + " idx " + idx + " #" + i + " paper " + paper + " ours " + ours + ": " + answer);
          }
        }
      }
    }
    System.out.printf("Game of 24 agreement: IO %d samples (%d correct), CoT %d (%d), ToT %d (%d); disagreements %d%n",
        totals[0], positives[0], totals[1], positives[1], totals[2], positives[2], disagreements.size());
    assertEquals(List.of(), disagreements);
    assertEquals(10_000, totals[0]);
    assertEquals(10_000, totals[1]);
    assertEquals(500, totals[2]);
  }
}
