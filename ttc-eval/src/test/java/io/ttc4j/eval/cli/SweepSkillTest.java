package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.core.Aggregation;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import io.ttc4j.eval.internal.SweepManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ttc sweep --skill S}: a simulated model of another skill on the same problems, recorded in
 * {@code sweep.json} only when given, so that sweeps without it keep their files byte for byte.
 */
class SweepSkillTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The {@code sweep.json} of {@code ./ttc sweep} as written before {@code --skill} existed: the
   * default sweep's manifest must stay exactly this.
   */
  private static final String DEFAULT_MANIFEST = String.join("\n",
      "{",
      "  \"format\" : 1,",
      "  \"preset\" : \"math500\",",
      "  \"dataset\" : \"math500\",",
      "  \"limit\" : null,",
      "  \"strategies\" : [ \"first\", \"naive\", \"weighted\", \"majority\", \"oracle\", \"beam\", \"dvts\", \"rebase\" ],",
      "  \"n\" : [ 1, 2, 4, 8, 16, 32, 64 ],",
      "  \"seeds\" : [ 0, 1, 2 ],",
      "  \"budget_tokens\" : null,",
      "  \"aggregation\" : \"last\",",
      "  \"max_tokens\" : 2048,",
      "  \"temperature\" : 0.8,",
      "  \"simulator_seed\" : 0",
      "}",
      "");

  @TempDir
  Path tmp;

  /** A small sweep: 3 problems, one seed, N = 1, majority. */
  private Run small(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", "--limit", "3", "--n", "1", "--seeds", "0", "--strategies",
        "majority", "--quiet", "--no-charts", "--out", out.toString()));
    args.addAll(List.of(extra));
    return ReplayCommandTest.ttc(args.toArray(String[]::new));
  }

  /** The settings part of a dry run's output: the sweep.json it would write. */
  private static String manifest(Run r) {
    String out = r.out();
    int end = out.indexOf("}\n");
    return out.substring(0, end + 2);
  }

  @Test
  void theDefaultSweepJsonIsUnchanged() {
    Run r = ReplayCommandTest.ttc("sweep", "--dry-run", "--out", tmp.resolve("default").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(DEFAULT_MANIFEST, manifest(r));
    Run spec = ReplayCommandTest.ttc("sweep", "--spec",
        SweepCommandSpecTest.repositoryRoot().resolve("specs/default.yaml").toString(), "--dry-run", "--out",
        tmp.resolve("default").toString());
    assertEquals(0, spec.code(), spec.err());
    assertEquals(DEFAULT_MANIFEST, manifest(spec));
  }

  @Test
  void theOptionIsParsedAndRecorded() throws IOException {
    Run three = ReplayCommandTest.ttc("sweep", "--skill", "3", "--dry-run", "--out", tmp.resolve("a").toString());
    assertEquals(0, three.code(), three.err());
    JsonNode m = JSON.readTree(manifest(three));
    assertEquals(3.0, m.get("skill").asDouble());
    // after simulator_seed, the rest as without the option
    assertEquals(DEFAULT_MANIFEST.replace("\"simulator_seed\" : 0\n", "\"simulator_seed\" : 0,\n  \"skill\" : 3.0\n"),
        manifest(three));

    Run negative = ReplayCommandTest.ttc("sweep", "--skill", "-1.5", "--dry-run", "--out", tmp.resolve("b").toString());
    assertEquals(0, negative.code(), negative.err());
    assertEquals(-1.5, JSON.readTree(manifest(negative)).get("skill").asDouble());

    for (String bad : List.of("NaN", "Infinity", "high")) {
      Run r = ReplayCommandTest.ttc("sweep", "--skill", bad, "--dry-run", "--out", tmp.resolve("c").toString());
      assertEquals(2, r.code(), bad + ": " + r.err());
      assertTrue(r.err().contains("--skill") && r.err().contains(bad), r.err());
    }
  }

  @Test
  void aServerSweepRefusesTheSkill() throws IOException {
    Path dir = tmp.resolve("served");
    Run option = ReplayCommandTest.ttc("sweep", "--base-url", "http://127.0.0.1:9", "--model", "m", "--strategies",
        "first", "--skill", "3", "--out", dir.toString());
    assertEquals(2, option.code(), option.err());
    assertTrue(option.err().contains("--skill concerns the simulator only; leave it out with --base-url"),
        option.err());

    Path spec = tmp.resolve("premium.yaml");
    Files.writeString(spec, "skill: 3\nstrategies: [first]\n", StandardCharsets.UTF_8);
    Run fromSpec = ReplayCommandTest.ttc("sweep", "--spec", spec.toString(), "--base-url", "http://127.0.0.1:9",
        "--model", "m", "--out", dir.toString());
    assertEquals(2, fromSpec.code(), fromSpec.err());
    assertTrue(fromSpec.err().contains("key 'skill' of " + spec + " concerns the simulator only"), fromSpec.err());
    assertFalse(Files.exists(dir.resolve("sweep.json")));
  }

  @Test
  void theSpecKeyIsTheOption() throws IOException {
    Path yaml = tmp.resolve("premium.yaml");
    Files.writeString(yaml, "skill: 3\nlimit: 5\n", StandardCharsets.UTF_8);
    Path json = tmp.resolve("premium.json");
    Files.writeString(json, "{\"skill\": 3.0, \"limit\": 5}", StandardCharsets.UTF_8);
    Path out = tmp.resolve("run");
    Run flags = ReplayCommandTest.ttc("sweep", "--skill", "3", "--limit", "5", "--dry-run", "--out", out.toString());
    assertEquals(0, flags.code(), flags.err());
    for (Path file : List.of(yaml, json)) {
      Run r = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--dry-run", "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(flags.out(), r.out(), file.toString());
    }
    Run overridden = ReplayCommandTest.ttc("sweep", "--spec", yaml.toString(), "--skill", "1", "--dry-run", "--out",
        out.toString());
    assertEquals(1.0, JSON.readTree(manifest(overridden)).get("skill").asDouble(), "the option overrides the spec");
  }

  @Test
  void theManifestRoundTripsWithAndWithoutSkill() throws IOException {
    for (Double skill : new Double[] {null, 3.0, -0.5}) {
      Path dir = tmp.resolve("m" + skill);
      Files.createDirectories(dir);
      SweepManifest m = new SweepManifest("math500", "math500", 20, List.of(SweepStrategy.parse("weighted")),
          List.of(1, 8), List.of(0L, 1L), null, Aggregation.LAST, 2048, 0.8, 0, skill, null);
      m.write(dir);
      String text = Files.readString(dir.resolve(SweepManifest.FILE));
      assertEquals(skill != null, text.contains("\"skill\""), text);
      SweepManifest back = SweepManifest.read(dir);
      assertEquals(m, back);
      assertEquals(skill, back.skill());
      assertEquals(text, back.text(null), "written back byte for byte");
    }
    SweepManifest without = new SweepManifest("math500", "math500", null, List.of(SweepStrategy.parse("weighted")),
        List.of(1), List.of(0L), null, Aggregation.LAST, 2048, 0.8, 0, null, null);
    SweepManifest with = new SweepManifest("math500", "math500", null, List.of(SweepStrategy.parse("weighted")),
        List.of(1), List.of(0L), null, Aggregation.LAST, 2048, 0.8, 0, 3.0, null);
    // ttc report merges shards only of one sweep: a skill in one of them is a difference, either way round
    assertEquals("'skill' (none vs 3.0)", without.firstDifference(with));
    assertEquals("'skill' (3.0 vs none)", with.firstDifference(without));
    assertNull(with.firstDifference(with));

    // a sweep.json written before the option (the default sweep's) reads and writes back unchanged
    Path old = tmp.resolve("old");
    Files.createDirectories(old);
    Files.writeString(old.resolve(SweepManifest.FILE), DEFAULT_MANIFEST, StandardCharsets.UTF_8);
    SweepManifest read = SweepManifest.read(old);
    assertNull(read.skill());
    assertEquals(DEFAULT_MANIFEST, read.text(null));

    Files.writeString(old.resolve(SweepManifest.FILE),
        DEFAULT_MANIFEST.replace("\"simulator_seed\" : 0\n", "\"simulator_seed\" : 0,\n  \"skill\" : \"high\"\n"));
    try {
      SweepManifest.read(old);
      throw new AssertionError("a non-number skill was read");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("field 'skill' must be a number"), e.getMessage());
    }
  }

  @Test
  void resumingWithAnotherSkillIsRefused() throws IOException {
    Path premium = tmp.resolve("premium");
    Run first = small(premium, "--skill", "3");
    assertEquals(0, first.code(), first.err());
    String results = Files.readString(premium.resolve("results.jsonl"));

    Run without = small(premium);
    assertEquals(1, without.code(), without.err());
    assertTrue(without.err().contains("differ in skill: 3.0 in the run folder, none now"), without.err());
    Run other = small(premium, "--skill", "2");
    assertEquals(1, other.code(), other.err());
    assertTrue(other.err().contains("differ in skill: 3.0 in the run folder, 2.0 now"), other.err());
    assertEquals(results, Files.readString(premium.resolve("results.jsonl")), "the run is left as it was");

    Run same = small(premium, "--skill", "3.0");
    assertEquals(0, same.code(), same.err());
    assertTrue(same.err().contains("3 of 3 (problem, seed) units done"), same.err());
    Run resumed = ReplayCommandTest.ttc("sweep", "--resume", premium.toString(), "--quiet", "--no-charts");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("3 of 3 (problem, seed) units done"), resumed.err());
    Run conflict = ReplayCommandTest.ttc("sweep", "--resume", premium.toString(), "--skill", "3");
    assertEquals(1, conflict.code(), conflict.err());
    assertTrue(conflict.err().contains("leave out --skill"), conflict.err());

    // a folder without skill (as every folder written before the option): --skill is a difference, none resumes
    Path plain = tmp.resolve("plain");
    assertEquals(0, small(plain).code());
    assertFalse(Files.readString(plain.resolve("sweep.json")).contains("skill"));
    Run given = small(plain, "--skill", "3");
    assertEquals(1, given.code(), given.err());
    assertTrue(given.err().contains("differ in skill: none in the run folder, 3.0 now"), given.err());
    Run again = small(plain);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("3 of 3 (problem, seed) units done"), again.err());
    Run resumedPlain = ReplayCommandTest.ttc("sweep", "--resume", plain.toString(), "--quiet", "--no-charts");
    assertEquals(0, resumedPlain.code(), resumedPlain.err());
  }

  /**
   * The simulated model of skill 3 on 20 problems is more accurate than that of skill 0 (the math500
   * preset's own) on the same problems, with every rule; {@code --skill 0} samples exactly as the
   * preset's generator, only its name and {@code sweep.json} say the skill.
   */
  @Test
  void aMoreSkilledModelIsMoreAccurateOnTheSameProblems() throws IOException {
    Path premium = tmp.resolve("premium");
    Path base = tmp.resolve("base");
    Path preset = tmp.resolve("preset");
    String[] common = {"--limit", "20", "--n", "1,4", "--seeds", "0,1", "--strategies", "first,weighted,majority",
        "--quiet", "--no-charts"};
    Run p = sweep(premium, common, "--skill", "3");
    Run b = sweep(base, common, "--skill", "0");
    Run d = sweep(preset, common);
    assertEquals(0, p.code(), p.err());
    assertEquals(0, b.code(), b.err());
    assertEquals(0, d.code(), d.err());
    assertTrue(p.out().startsWith("sim-math500@3.0 on math500: 20 problems x 2 seeds"), p.out());
    assertTrue(d.out().startsWith("math500 on math500: 20 problems x 2 seeds"), d.out());
    assertTrue(Files.readString(premium.resolve("report.md")).contains("sim-math500@3.0, simulator seed 0"));
    assertFalse(Files.readString(preset.resolve("report.md")).contains("sim-math500@"));

    assertEquals(problems(premium), problems(base));
    assertEquals(20, problems(premium).size());
    for (String rule : List.of("first@1", "weighted@4", "majority@4")) {
      double high = accuracy(premium, rule);
      double low = accuracy(base, rule);
      assertTrue(high > low + 0.15, rule + ": skill 3 " + high + " vs skill 0 " + low);
    }
    assertEquals(Files.readString(preset.resolve("results.jsonl")), Files.readString(base.resolve("results.jsonl")),
        "skill 0 is the math500 preset's own skill");

    // ttc report rebuilds the report of a skilled run with its generator
    Files.delete(premium.resolve("report.md"));
    Run report = ReplayCommandTest.ttc("report", premium.toString(), "--no-charts");
    assertEquals(0, report.code(), report.err());
    assertTrue(Files.readString(premium.resolve("report.md")).contains("sim-math500@3.0, simulator seed 0"));
  }

  private static Run sweep(Path out, String[] common, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", "--out", out.toString()));
    args.addAll(List.of(common));
    args.addAll(List.of(extra));
    return ReplayCommandTest.ttc(args.toArray(String[]::new));
  }

  private static Set<String> problems(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line).get("problem_id").asText());
    }
    return out;
  }

  /** summary.csv's accuracy of {@code strategy@n}. */
  private static double accuracy(Path dir, String strategyAtN) throws IOException {
    for (String line : Files.readAllLines(dir.resolve("summary.csv"), StandardCharsets.UTF_8)) {
      String[] f = line.split(",");
      if ((f[0] + "@" + f[1]).equals(strategyAtN)) return Double.parseDouble(f[4]);
    }
    throw new AssertionError(strategyAtN + " not in " + dir.resolve("summary.csv"));
  }
}
