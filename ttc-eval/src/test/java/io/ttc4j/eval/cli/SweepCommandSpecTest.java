package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import io.ttc4j.eval.internal.RunFolderLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttc sweep --spec FILE}: sweeps as data, and running the same command again resumes. */
class SweepCommandSpecTest {

  @TempDir
  Path tmp;

  private Path spec(String name, String text) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The repository root: the first folder upwards from the working directory that holds {@code specs/ttc-eval.md}. */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("specs").resolve("ttc-eval.md"))) return p;
    }
    throw new IllegalStateException("no specs/ttc-eval.md above " + Path.of("").toAbsolutePath());
  }

  /** The settings part of a dry run's output (everything before the run-folder line). */
  private static String settings(Run r) {
    String out = r.out();
    return out.substring(0, out.stripTrailing().lastIndexOf('\n'));
  }

  private static String lastLine(Run r) {
    List<String> lines = r.out().strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void everyShippedSpecIsValid() throws IOException {
    Path specs = repositoryRoot().resolve("specs");
    List<Path> files;
    try (Stream<Path> s = Files.list(specs)) {
      files = s.filter(f -> f.toString().matches(".*\\.(yaml|yml|json)$")).sorted().toList();
    }
    List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
    assertTrue(names.containsAll(List.of("default.yaml", "math500-search.yaml")), names.toString());
    for (Path f : files) {
      Run r = ReplayCommandTest.ttc("sweep", "--spec", f.toString(), "--dry-run");
      assertEquals(0, r.code(), f + ": " + r.err());
      String name = f.getFileName().toString().replaceFirst("\\.[a-z]+$", "");
      assertEquals(Path.of("runs", name).toString(), lastLine(r), f + ": the run folder is runs/<name>");
    }
  }

  @Test
  void defaultSpecIsTheDefaultSweep() {
    Path folder = tmp.resolve("folder");
    Run spec = ReplayCommandTest.ttc("sweep", "--spec", repositoryRoot().resolve("specs/default.yaml").toString(),
        "--dry-run", "--out", folder.toString());
    Run flags = ReplayCommandTest.ttc("sweep", "--dry-run", "--out", folder.toString());
    assertEquals(0, spec.code(), spec.err());
    assertEquals(0, flags.code(), flags.err());
    assertEquals(flags.out(), spec.out());
    assertTrue(spec.out().contains("1500 (problem, seed) units"), spec.out());
  }

  @Test
  void searchSpecIsTheStepLevelSearchTable() {
    Run r = ReplayCommandTest.ttc("sweep", "--spec", repositoryRoot().resolve("specs/math500-search.yaml").toString(),
        "--dry-run");
    assertEquals(0, r.code(), r.err());
    String s = settings(r).replaceAll("\\s+", "");
    assertTrue(s.contains("\"preset\":\"math500\""), s);
    assertTrue(s.contains("\"strategies\":[\"weighted\",\"beam\",\"dvts\",\"rebase\"]"), s);
    assertTrue(s.contains("\"n\":[4,8,16,32,64]"), s);
    assertTrue(s.contains("\"seeds\":[0,1,2]"), s);
  }

  @Test
  void servedSpecIsTheReadmesServedSweep() {
    Run spec = ReplayCommandTest.ttc("sweep", "--spec",
        repositoryRoot().resolve("specs/math500-qwen-1.5b.yaml").toString(), "--dry-run");
    Run flags = ReplayCommandTest.ttc("sweep", "--dataset", "math500", "--base-url", "http://127.0.0.1:8000",
        "--model", "Qwen/Qwen2.5-Math-1.5B-Instruct", "--template", "qwen25-math", "--prm-url",
        "http://127.0.0.1:8001", "--prm-model", "Qwen/Qwen2.5-Math-PRM-7B", "--prm-kind", "pooling", "--n",
        "1,2,4,8,16", "--seeds", "0..2", "--concurrency", "16", "--request-timeout", "600s", "--out",
        "runs/math500-qwen-1.5b", "--dry-run");
    assertEquals(0, spec.code(), spec.err());
    assertEquals(0, flags.code(), flags.err());
    assertEquals(flags.out(), spec.out());
    assertTrue(spec.out().contains("\"api_key_env\" : \"OPENAI_API_KEY\""), spec.out());
  }

  @Test
  void aSpecAndTheEquivalentOptionsWriteTheSameRun() throws IOException {
    Path file = spec("every-key.yaml", String.join("\n",
        "name: every-key",
        "preset: math500",
        "dataset: math500",
        "limit: 8",
        "shard: 1/2",
        "strategies:",
        "  - weighted",
        "  - majority",
        "  - {kind: beam, width: 2}",
        "  - rebase[t=0.5]",
        "n: [2, 1]",
        "seeds: 0..1",
        "budget: {tokens: 6000}",
        "aggregation: min",
        "max_tokens: 1024",
        "temperature: 0.7",
        "simulator_seed: 3",
        "skill: 1.5",
        "concurrency: 2",
        "out: " + tmp.resolve("from-spec"),
        ""));
    Run fromSpec = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--quiet", "--no-charts");
    Run fromFlags = ReplayCommandTest.ttc("sweep", "--preset", "math500", "--dataset", "math500", "--limit", "8",
        "--shard", "1/2", "--strategies", "weighted,majority,beam[width=2],rebase[t=0.5]", "--n", "2,1", "--seeds",
        "0..1", "--budget-tokens", "6000", "--aggregation", "min", "--max-tokens", "1024", "--temperature", "0.7",
        "--simulator-seed", "3", "--skill", "1.5", "--concurrency", "2", "--quiet", "--no-charts", "--out",
        tmp.resolve("from-flags").toString());
    assertEquals(0, fromSpec.code(), fromSpec.err());
    assertEquals(0, fromFlags.code(), fromFlags.err());
    for (String f : List.of("sweep.json", "results.jsonl", "samples.jsonl", "summary.csv")) {
      assertEquals(Files.readString(tmp.resolve("from-flags").resolve(f)),
          Files.readString(tmp.resolve("from-spec").resolve(f)), f);
    }
    String manifest = Files.readString(tmp.resolve("from-spec/sweep.json")).replaceAll("\\s+", "");
    assertTrue(manifest.contains("\"strategies\":[\"weighted\",\"majority\",\"beam[width=2]\",\"rebase[t=0.5]\"]"),
        manifest);
    assertTrue(manifest.contains("\"budget_tokens\":6000") && manifest.contains("\"shard\":\"1/2\""), manifest);
    assertTrue(manifest.contains("\"simulator_seed\":3,\"skill\":1.5,"), manifest);
  }

  @Test
  void optionsOverrideTheSpecAndTheDefaultFolderIsRunsName() throws IOException {
    Path file = spec("small.yaml", "n: [1, 4]\nseeds: [0, 1]\nlimit: 5\n");
    Run plain = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--dry-run");
    assertEquals(0, plain.code(), plain.err());
    assertEquals(Path.of("runs", "small").toString(), lastLine(plain));
    assertTrue(settings(plain).replaceAll("\\s+", "").contains("\"n\":[1,4]"), plain.out());

    Path out = tmp.resolve("elsewhere");
    Run overridden = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--n", "2", "--limit", "3", "--out",
        out.toString(), "--dry-run");
    assertEquals(0, overridden.code(), overridden.err());
    String s = settings(overridden).replaceAll("\\s+", "");
    assertTrue(s.contains("\"n\":[2]") && s.contains("\"limit\":3") && s.contains("\"seeds\":[0,1]"), s);
    assertEquals(out.toString(), lastLine(overridden));
    assertFalse(Files.exists(out), "a dry run writes nothing");

    Run named = ReplayCommandTest.ttc("sweep", "--spec", spec("x.json", "{\"name\": \"grid-1\"}").toString(),
        "--dry-run");
    assertEquals(Path.of("runs", "grid-1").toString(), lastLine(named), named.err());
  }

  @Test
  void badSpecsNameTheFileTheKeyAndTheValue() throws IOException {
    // file name, content, fragments of the message
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"a.yaml", "n: [1, 2]\nbudgte: {tokens: 5}\n", "unknown key 'budgte'", "known keys: name, preset"});
    cases.add(new String[] {"b.yaml", "budget: {usd: 5}\n", "unknown key 'budget.usd'", "tokens"});
    cases.add(new String[] {"c.yaml", "n: [1, 0]\n", "key 'n'", "[1,0]", ">= 1"});
    cases.add(new String[] {"d.yaml", "seeds: 2..1\n", "key 'seeds'", "'2..1'"});
    cases.add(new String[] {"e.yaml", "strategies: [weighted, {kind: beam, widht: 2}]\n", "key 'strategies[1]'",
        "no setting 'widht'"});
    cases.add(new String[] {"f.yaml", "strategies: [\"beam[width=0]\"]\n", "key 'strategies[0]'", "'beam[width=0]'",
        ">= 1"});
    cases.add(new String[] {"g.yaml", "preset: nope\n", "key 'preset'", "'nope'", "math500"});
    cases.add(new String[] {"h.yaml", "dataset: nope.jsonl\n", "key 'dataset'", "'nope.jsonl'"});
    cases.add(new String[] {"i.yaml", "temperature: hot\n", "key 'temperature'", "'hot'"});
    cases.add(new String[] {"j.yaml", "limit: 2.5\n", "key 'limit'", "2.5", "integer"});
    cases.add(new String[] {"k.yaml", "aggregation: median\n", "key 'aggregation'", "'median'", "last, min"});
    cases.add(new String[] {"l.yaml", "n: [1]\nn: [2]\n", "Duplicate field 'n'"});
    cases.add(new String[] {"m.yaml", "shard: 3/2\n", "key 'shard'", "'3/2'"});
    cases.add(new String[] {"n.yaml", "server: {base_url: 'http://127.0.0.1:9', model: m, timeout: 5s}\n",
        "unknown key 'server.timeout'", "request_timeout"});
    cases.add(new String[] {"o.yaml", "server: {model: m}\n", "key 'server.base_url'", "required"});
    cases.add(new String[] {"p.yaml", "server: {base_url: 'http://127.0.0.1:9', model: m, request_timeout: soon}\n",
        "key 'server.request_timeout'", "'soon'"});
    cases.add(new String[] {"q.json", "{\"n\": \"1,x\"}", "key 'n'", "'1,x'"});
    cases.add(new String[] {"r.txt", "n: 1\n", "r.txt", ".yaml, .yml or .json"});
    cases.add(new String[] {"s.yaml", "- n\n", "expected a mapping"});
    cases.add(new String[] {"t.yaml", "server: {base_url: 'http://127.0.0.1:9', model: m}\nsimulator_seed: 1\n",
        "key 'simulator_seed'", "simulator only"});
    cases.add(new String[] {"u.yaml", "skill: high\n", "key 'skill'", "'high'", "finite number"});
    cases.add(new String[] {"v.yaml", "skill: '3'\n", "key 'skill' = '3'", "finite number"});
    cases.add(new String[] {"w.yaml", "server: {base_url: 'http://127.0.0.1:9', model: m}\nskill: 3\n",
        "key 'skill' = 3", "simulator only"});
    for (String[] c : cases) {
      Path file = spec(c[0], c[1]);
      Run r = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--dry-run");
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().startsWith("ttc sweep: --spec " + file + ": "), r.err());
      for (int i = 2; i < c.length; i++) {
        assertTrue(r.err().contains(c[i]), c[0] + ": '" + c[i] + "' missing in: " + r.err());
      }
      assertFalse(r.err().contains("Usage:"), "one line, not the usage help: " + r.err());
    }
    Run missing = ReplayCommandTest.ttc("sweep", "--spec", tmp.resolve("none.yaml").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.yaml: no such file"), missing.err());
  }

  @Test
  void anApiKeyInASpecIsRefusedWithoutShowingIt() throws IOException {
    String key = "sk-spec-test-9f8e7d";
    for (String text : List.of(
        "server: {base_url: 'http://127.0.0.1:9', model: m, api_key: " + key + "}\n",
        "server: {base_url: 'http://127.0.0.1:9', model: m, api_key_env: " + key + "}\n")) {
      Run r = ReplayCommandTest.ttc("sweep", "--spec", spec("key.yaml", text).toString(), "--dry-run");
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("server.api_key"), r.err());
      assertFalse(r.err().contains(key), "the key is shown: " + r.err());
    }
  }

  @Test
  void theSameCommandResumesItsRunAndOtherSettingsAreAnErrorListingThem() throws IOException {
    Path out = tmp.resolve("run");
    Path file = spec("grid.yaml", "limit: 10\nn: [1, 4]\nseeds: [0, 1]\nstrategies: [weighted, majority]\nout: " + out
        + "\n");
    Run first = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--quiet", "--no-charts");
    assertEquals(0, first.code(), first.err());
    String results = Files.readString(out.resolve("results.jsonl"));
    String samples = Files.readString(out.resolve("samples.jsonl"));

    // a kill after 9 of 20 units, inside the 10th unit's rows (written after its samples)
    List<String> lines = results.lines().toList();
    Files.writeString(out.resolve("results.jsonl"), String.join("\n", lines.subList(0, 9 * 4 + 2)) + "\n"
        + lines.get(9 * 4 + 2).substring(0, 25));
    List<String> sampleLines = samples.lines().toList();
    Files.writeString(out.resolve("samples.jsonl"), String.join("\n", sampleLines.subList(0, 10)) + "\n");
    Files.delete(out.resolve("summary.csv"));
    Run again = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--quiet", "--no-charts");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("9 of 20 (problem, seed) units done, 11 to run"), again.err());
    assertEquals(results, Files.readString(out.resolve("results.jsonl")));
    assertEquals(samples, Files.readString(out.resolve("samples.jsonl")));
    assertTrue(Files.isRegularFile(out.resolve("summary.csv")));

    Run done = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--quiet", "--no-charts");
    assertEquals(0, done.code(), done.err());
    assertTrue(done.err().contains("20 of 20 (problem, seed) units done, 0 to run"), done.err());
    assertEquals(results, Files.readString(out.resolve("results.jsonl")));

    Files.writeString(file, "limit: 12\nn: [1, 2, 4]\nseeds: [0, 1]\nstrategies: [weighted, majority]\nout: " + out
        + "\n");
    Run changed = ReplayCommandTest.ttc("sweep", "--spec", file.toString(), "--quiet");
    assertEquals(1, changed.code(), changed.err());
    assertTrue(changed.err().contains("limit: 10 in the run folder, 12 now"), changed.err());
    assertTrue(changed.err().contains("n: [1,4] in the run folder, [1,2,4] now"), changed.err());
    assertFalse(changed.err().contains("seeds:"), "only what differs: " + changed.err());
    assertEquals(results, Files.readString(out.resolve("results.jsonl")), "the run is left as it was");

    Run flags = ReplayCommandTest.ttc("sweep", "--limit", "10", "--n", "1,4", "--seeds", "0,1", "--strategies",
        "weighted,majority", "--out", out.toString(), "--quiet", "--no-charts");
    assertEquals(0, flags.code(), "the equivalent options resume the same run: " + flags.err());
    assertTrue(flags.err().contains("20 of 20 (problem, seed) units done"), flags.err());
  }

  @Test
  void aRunFolderInUseIsRefused() throws IOException {
    Path out = tmp.resolve("busy");
    Files.createDirectories(out);
    RunFolderLock lock = RunFolderLock.acquire(out);
    try {
      Run r = ReplayCommandTest.ttc("sweep", "--limit", "2", "--n", "1", "--seeds", "0", "--quiet", "--out",
          out.toString());
      assertEquals(1, r.code(), r.err());
      assertTrue(r.err().contains("in use by another ttc sweep"), r.err());
    } finally {
      lock.close();
    }
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "2", "--n", "1", "--seeds", "0", "--quiet", "--no-charts",
        "--out", out.toString());
    assertEquals(0, r.code(), "released: " + r.err());
  }

  @Test
  void resumeAcceptsARunKilledBeforeItsFirstResult() throws IOException {
    Path out = tmp.resolve("early");
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "3", "--n", "1", "--seeds", "0", "--strategies", "majority",
        "--quiet", "--no-charts", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    String results = Files.readString(out.resolve("results.jsonl"));
    // killed after sweep.json was written, before results.jsonl was created
    for (String f : List.of("results.jsonl", "samples.jsonl", "summary.csv")) Files.delete(out.resolve(f));
    Run resumed = ReplayCommandTest.ttc("sweep", "--resume", out.toString(), "--quiet", "--no-charts");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("0 of 3 (problem, seed) units done, 3 to run"), resumed.err());
    assertEquals(results, Files.readString(out.resolve("results.jsonl")));
  }
}
