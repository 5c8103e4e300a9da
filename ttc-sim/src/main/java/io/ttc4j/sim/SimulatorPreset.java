package io.ttc4j.sim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every parameter of a {@link Simulator}: how hard problems are, how solutions are shaped, how
 * wrong answers are distributed, how confident the generator is and how good the process reward
 * model (PRM) is. Difficulties, skills and PRM means are in logit units: a generator of skill
 * {@code s} solves a problem of latent difficulty {@code d} with probability
 * {@code 1 / (1 + exp(d - s))} per sample.
 *
 * <p>Two presets are fitted to published figures and fixed; {@link #named(String)} returns them,
 * {@link #toBuilder()} derives variants:
 * <ul>
 *   <li>{@code qwen-math-cot}: Qwen2.5-Math-Instruct chain-of-thought sampling scored by Qwen's
 *       reward model, on the 100 MATH problems of Qwen's reward-model example
 *       ({@code qwen-math-cot-100}). Fitted so that best-of-8 over those problems gives the figures
 *       of the recorded real run: first sample 0.90, majority@8 0.93, naive RM-best@8 (aggregation
 *       {@code LAST}) 0.94 and pass@8 0.96. Averaged over simulator seeds 1 to 8 it gives 0.899,
 *       0.925, 0.939 and 0.965. Nearly every problem is either always or never solved, as in the
 *       real run (86 always, 4 never).
 *   <li>{@code math500}: a 1B instruct model (Llama-3.2-1B-Instruct) with an 8B process reward model
 *       on MATH-500, as in Hugging Face's search-and-learn study. Target: Meta's published MATH
 *       (0-shot CoT) score of Llama-3.2-1B-Instruct, 30.6, spread over the levels as 0.70, 0.50,
 *       0.35, 0.22 and 0.09 (levels 1 to 5; the per-level shape is this project's assumption, chosen
 *       to average 0.304 over MATH-500's level mix). Over seeds 1 to 3 it gives 0.686, 0.499, 0.359,
 *       0.226 and 0.096, 0.308 overall. Majority voting gains with N, then plateaus (0.43 from
 *       N = 16); PRM-weighted voting gains more and plateaus (0.51 to 0.53); naive best-of-N peaks
 *       near N = 8 (0.44) and over-optimises the PRM beyond (0.41 at 64). The reward model is
 *       calibrated to the search-and-learn and Snell et al. findings on step-level search (beam
 *       search ahead of best-of-N at small N and on hard problems, best-of-N catching up at large N
 *       and better on easy problems, DVTS ahead of beam search at large N); sources, settings tried
 *       and targets met are in {@code ttc-sim/CALIBRATION.md}. The calibration is frozen.
 * </ul>
 * See {@code ttc-sim/README.md} for every parameter and the measured figures.
 *
 * @param name                   preset name, for reports
 * @param description            one line on what the preset models and what it was fitted to
 * @param dataset                the data set this preset was fitted on (a {@code Datasets} name)
 * @param skill                  the default generator's skill (logits)
 * @param levelDifficulty        latent difficulty of levels 1 to 5 (five values, logits); a level
 *                               outside 1..5 is clamped into it
 * @param unknownLevelDifficulty latent difficulty of problems without a level (logits)
 * @param difficultyJitter       standard deviation of the per-problem difficulty jitter, drawn
 *                               deterministically from a hash of the problem id (logits, &gt;= 0)
 * @param stepsMedian            median number of steps of a solution at difficulty 0, in [1, 64]
 * @param stepsPerDifficulty     steps added to the median per unit of difficulty
 * @param stepsSpread            log-normal spread (sigma) of the number of steps, &gt;= 0
 * @param tokensPerStepMedian    median completion tokens of a step, &gt;= 1
 * @param tokensPerStepSpread    log-normal spread (sigma) of tokens per step, &gt;= 0
 * @param wrongAnswers           distinct wrong answers per problem, in [1, 64]
 * @param wrongZipfExponent      Zipf exponent of the wrong-answer distribution at difficulty 0,
 *                               &gt;= 0 (0: all wrong answers equally likely)
 * @param wrongZipfPerDifficulty added to the exponent per unit of difficulty, so that hard problems
 *                               have a dominant wrong answer (the exponent is clamped to [0, 8])
 * @param tokenLogProbCorrect    mean log-probability per token of steps on a correct path (&lt; 0)
 * @param tokenLogProbError      mean log-probability per token of the step that makes the first
 *                               error (&lt; 0); later steps on a wrong path sit halfway between
 * @param tokenLogProbSpread     log-normal spread of a step's mean token log-probability, &gt;= 0
 * @param prmCorrectLogit        mean PRM logit of steps on a correct path (and of wrong steps the
 *                               PRM has not noticed yet)
 * @param prmWrongLogit          mean PRM logit of wrong steps the PRM has noticed
 * @param prmNoise               standard deviation of the PRM logit on correct-looking steps, &gt;= 0
 * @param prmWrongNoise          standard deviation of the PRM logit on noticed wrong steps, &gt;= 0;
 *                               larger than {@code prmNoise}, a few wrong solutions score very
 *                               high, which is what naive best-of-N over-optimises at large N
 * @param prmDetectionRate       chance per step after the first error that the PRM notices it, in
 *                               (0, 1]; the final step of a finished wrong solution is always noticed
 * @param prmDeceptiveRate       fraction of (problem, wrong answer) pairs the PRM systematically
 *                               mistakes for right, in [0, 1]
 * @param prmMissRate            chance that the error of a wrong path is one the PRM never notices:
 *                               the path is scored like a deceptive one to its end, whatever its
 *                               answer (a per-path blind spot; naive best-of-N finds these at large N)
 * @param prmDeceptiveLogit      mean PRM logit of every step of a deceptive or missed wrong path
 * @param prmNoiseCorrelation    correlation of the PRM noise of consecutive steps, in [0, 1)
 * @param prmDifficultyBias      logits subtracted from every PRM score per unit of difficulty
 * @param promptTemplateTokens   prompt tokens of the chat template around the problem, &gt;= 0
 */
public record SimulatorPreset(
    String name,
    String description,
    String dataset,
    double skill,
    List<Double> levelDifficulty,
    double unknownLevelDifficulty,
    double difficultyJitter,
    double stepsMedian,
    double stepsPerDifficulty,
    double stepsSpread,
    double tokensPerStepMedian,
    double tokensPerStepSpread,
    int wrongAnswers,
    double wrongZipfExponent,
    double wrongZipfPerDifficulty,
    double tokenLogProbCorrect,
    double tokenLogProbError,
    double tokenLogProbSpread,
    double prmCorrectLogit,
    double prmWrongLogit,
    double prmNoise,
    double prmWrongNoise,
    double prmDetectionRate,
    double prmDeceptiveRate,
    double prmMissRate,
    double prmDeceptiveLogit,
    double prmNoiseCorrelation,
    double prmDifficultyBias,
    int promptTemplateTokens) {

  /** The most wrong answers a problem can have. */
  public static final int MAX_WRONG_ANSWERS = 64;
  /** The most steps a simulated solution can have. */
  public static final int MAX_STEPS = 64;

  private static final List<String> NAMES = List.of("qwen-math-cot", "math500");

  /** Validates; every message names the argument and its value. */
  public SimulatorPreset {
    requireText("name", name);
    Objects.requireNonNull(description, "description");
    requireText("dataset", dataset);
    finite("skill", skill);
    Objects.requireNonNull(levelDifficulty, "levelDifficulty");
    if (levelDifficulty.size() != 5) {
      throw new IllegalArgumentException(
          "levelDifficulty must hold 5 values (levels 1 to 5), got " + levelDifficulty.size() + ": " + levelDifficulty);
    }
    for (int i = 0; i < 5; i++) {
      Double d = levelDifficulty.get(i);
      if (d == null || !Double.isFinite(d)) {
        throw new IllegalArgumentException("levelDifficulty[" + i + "] must be finite, got " + d);
      }
    }
    levelDifficulty = List.copyOf(levelDifficulty);
    finite("unknownLevelDifficulty", unknownLevelDifficulty);
    atLeast("difficultyJitter", difficultyJitter, 0);
    if (!(stepsMedian >= 1 && stepsMedian <= MAX_STEPS)) {
      throw new IllegalArgumentException("stepsMedian must be in [1, " + MAX_STEPS + "], got " + stepsMedian);
    }
    finite("stepsPerDifficulty", stepsPerDifficulty);
    atLeast("stepsSpread", stepsSpread, 0);
    atLeast("tokensPerStepMedian", tokensPerStepMedian, 1);
    atLeast("tokensPerStepSpread", tokensPerStepSpread, 0);
    if (wrongAnswers < 1 || wrongAnswers > MAX_WRONG_ANSWERS) {
      throw new IllegalArgumentException("wrongAnswers must be in [1, " + MAX_WRONG_ANSWERS + "], got " + wrongAnswers);
    }
    atLeast("wrongZipfExponent", wrongZipfExponent, 0);
    finite("wrongZipfPerDifficulty", wrongZipfPerDifficulty);
    negative("tokenLogProbCorrect", tokenLogProbCorrect);
    negative("tokenLogProbError", tokenLogProbError);
    atLeast("tokenLogProbSpread", tokenLogProbSpread, 0);
    finite("prmCorrectLogit", prmCorrectLogit);
    finite("prmWrongLogit", prmWrongLogit);
    atLeast("prmNoise", prmNoise, 0);
    atLeast("prmWrongNoise", prmWrongNoise, 0);
    if (!(prmDetectionRate > 0 && prmDetectionRate <= 1)) {
      throw new IllegalArgumentException("prmDetectionRate must be in (0, 1], got " + prmDetectionRate);
    }
    if (!(prmDeceptiveRate >= 0 && prmDeceptiveRate <= 1)) {
      throw new IllegalArgumentException("prmDeceptiveRate must be in [0, 1], got " + prmDeceptiveRate);
    }
    if (!(prmMissRate >= 0 && prmMissRate <= 1)) {
      throw new IllegalArgumentException("prmMissRate must be in [0, 1], got " + prmMissRate);
    }
    finite("prmDeceptiveLogit", prmDeceptiveLogit);
    if (!(prmNoiseCorrelation >= 0 && prmNoiseCorrelation < 1)) {
      throw new IllegalArgumentException("prmNoiseCorrelation must be in [0, 1), got " + prmNoiseCorrelation);
    }
    finite("prmDifficultyBias", prmDifficultyBias);
    if (promptTemplateTokens < 0) {
      throw new IllegalArgumentException("promptTemplateTokens must be >= 0, got " + promptTemplateTokens);
    }
  }

  /** The names of the built-in presets. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The built-in preset called {@code name} (case-insensitive): {@code qwen-math-cot} or
   * {@code math500}.
   *
   * @throws IllegalArgumentException when there is no such preset
   */
  public static SimulatorPreset named(String name) {
    Objects.requireNonNull(name, "name");
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "qwen-math-cot":
        return qwenMathCot();
      case "math500":
        return math500();
      default:
        throw new IllegalArgumentException("preset must be one of " + NAMES + ", got '" + name + "'");
    }
  }

  /** A builder starting from this preset's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The latent difficulty of a MATH level, clamped into 1..5 (logits). */
  public double difficultyOfLevel(int level) {
    return levelDifficulty.get(Math.max(1, Math.min(5, level)) - 1);
  }

  private static SimulatorPreset qwenMathCot() {
    return new Builder()
        .name("qwen-math-cot")
        .description("Qwen2.5-Math-Instruct chain-of-thought samples scored by Qwen's reward model, fitted to the"
            + " qwen-math-cot-100 run: first sample 0.90, majority@8 0.93, RM-best@8 0.94, pass@8 0.96")
        .dataset("qwen-math-cot-100")
        // 86 of the 100 problems are solved by all 8 samples and 4 by none: difficulty spreads very
        // widely around a high skill, and the level hardly matters (real per-level 0.91 to 0.87)
        .skill(14.0)
        .levelDifficulty(List.of(0.0, 0.0, 0.0, 0.0, 1.0))
        .unknownLevelDifficulty(0.0)
        .difficultyJitter(10.0)
        // about 7 steps and 330 tokens per solution, as in the recorded responses
        .stepsMedian(6.5)
        .stepsPerDifficulty(0.0)
        .stepsSpread(0.35)
        .tokensPerStepMedian(45)
        .tokensPerStepSpread(0.55)
        // wrong answers of the partly solved problems are scattered, so voting helps
        .wrongAnswers(12)
        .wrongZipfExponent(0.6)
        .wrongZipfPerDifficulty(0.05)
        .tokenLogProbCorrect(-0.12)
        .tokenLogProbError(-0.45)
        .tokenLogProbSpread(0.3)
        // an outcome-style reward model: good, with a few confidently wrong favourites
        .prmCorrectLogit(2.0)
        .prmWrongLogit(-0.5)
        .prmNoise(1.2)
        .prmWrongNoise(1.75)
        .prmDetectionRate(0.6)
        .prmDeceptiveRate(0.10)
        .prmMissRate(0.0)
        .prmDeceptiveLogit(1.5)
        .prmNoiseCorrelation(0.5)
        .prmDifficultyBias(0.0)
        .promptTemplateTokens(60)
        .build();
  }

  private static SimulatorPreset math500() {
    return new Builder()
        .name("math500")
        .description("A 1B instruct model (Llama-3.2-1B-Instruct, MATH 0-shot CoT 30.6) with an 8B PRM on"
            + " MATH-500: single-sample accuracy 0.70/0.50/0.35/0.22/0.09 on levels 1 to 5, 0.31 overall")
        .dataset("math500")
        .skill(0.0)
        .levelDifficulty(List.of(-1.5, 0.0, 1.3, 2.0, 4.5))
        .unknownLevelDifficulty(1.0)
        .difficultyJitter(2.5)
        // harder problems take longer solutions: about 5 steps on level 1, 7 on level 5
        .stepsMedian(5.0)
        .stepsPerDifficulty(0.5)
        .stepsSpread(0.35)
        .tokensPerStepMedian(45)
        .tokensPerStepSpread(0.6)
        // a dominant wrong answer on hard problems caps majority voting there; elsewhere the
        // right answer is the plurality more often than not, so majority keeps gaining slowly
        .wrongAnswers(32)
        .wrongZipfExponent(0.8)
        .wrongZipfPerDifficulty(0.15)
        .tokenLogProbCorrect(-0.2)
        .tokenLogProbError(-0.6)
        .tokenLogProbSpread(0.3)
        // a step-level PRM, calibrated to the search-and-learn and Snell et al. findings (see
        // ttc-sim/CALIBRATION.md): it notices most errors at the step that makes them (so beam
        // search at small N beats best-of-N), scores a noticed wrong final answer at -1.0 (so that
        // weighted best-of-N plateaus near 0.53, near the 8B model's 51.9), and systematically prefers
        // the deceptive 10% of each problem's wrong answers (the over-optimisation of naive best-of-N
        // at large N, and of beam search at large N on easy problems). No per-path blind spots: they
        // grow with the number of errors and would make beam search lose on hard problems.
        .prmCorrectLogit(1.5)
        .prmWrongLogit(-1.0)
        .prmNoise(0.8)
        .prmWrongNoise(1.6)
        .prmDetectionRate(0.85)
        .prmDeceptiveRate(0.1)
        .prmMissRate(0.0)
        .prmDeceptiveLogit(2.0)
        .prmNoiseCorrelation(0.3)
        .prmDifficultyBias(0.1)
        .promptTemplateTokens(60)
        .build();
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
    }
  }

  private static void finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
  }

  private static void atLeast(String name, double value, double min) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= " + min + ", got " + value);
    }
  }

  private static void negative(String name, double value) {
    if (!(value < 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and < 0, got " + value);
    }
  }

  /** Builds a variant of a preset; {@link #build()} validates. */
  public static final class Builder {
    private String name;
    private String description;
    private String dataset;
    private double skill;
    private List<Double> levelDifficulty;
    private double unknownLevelDifficulty;
    private double difficultyJitter;
    private double stepsMedian;
    private double stepsPerDifficulty;
    private double stepsSpread;
    private double tokensPerStepMedian;
    private double tokensPerStepSpread;
    private int wrongAnswers;
    private double wrongZipfExponent;
    private double wrongZipfPerDifficulty;
    private double tokenLogProbCorrect;
    private double tokenLogProbError;
    private double tokenLogProbSpread;
    private double prmCorrectLogit;
    private double prmWrongLogit;
    private double prmNoise;
    private double prmWrongNoise;
    private double prmDetectionRate;
    private double prmDeceptiveRate;
    private double prmMissRate;
    private double prmDeceptiveLogit;
    private double prmNoiseCorrelation;
    private double prmDifficultyBias;
    private int promptTemplateTokens;

    private Builder() {}

    private Builder(SimulatorPreset p) {
      name = p.name;
      description = p.description;
      dataset = p.dataset;
      skill = p.skill;
      levelDifficulty = p.levelDifficulty;
      unknownLevelDifficulty = p.unknownLevelDifficulty;
      difficultyJitter = p.difficultyJitter;
      stepsMedian = p.stepsMedian;
      stepsPerDifficulty = p.stepsPerDifficulty;
      stepsSpread = p.stepsSpread;
      tokensPerStepMedian = p.tokensPerStepMedian;
      tokensPerStepSpread = p.tokensPerStepSpread;
      wrongAnswers = p.wrongAnswers;
      wrongZipfExponent = p.wrongZipfExponent;
      wrongZipfPerDifficulty = p.wrongZipfPerDifficulty;
      tokenLogProbCorrect = p.tokenLogProbCorrect;
      tokenLogProbError = p.tokenLogProbError;
      tokenLogProbSpread = p.tokenLogProbSpread;
      prmCorrectLogit = p.prmCorrectLogit;
      prmWrongLogit = p.prmWrongLogit;
      prmNoise = p.prmNoise;
      prmWrongNoise = p.prmWrongNoise;
      prmDetectionRate = p.prmDetectionRate;
      prmDeceptiveRate = p.prmDeceptiveRate;
      prmMissRate = p.prmMissRate;
      prmDeceptiveLogit = p.prmDeceptiveLogit;
      prmNoiseCorrelation = p.prmNoiseCorrelation;
      prmDifficultyBias = p.prmDifficultyBias;
      promptTemplateTokens = p.promptTemplateTokens;
    }

    /** See {@link SimulatorPreset#name()}. */
    public Builder name(String v) { name = v; return this; }
    /** See {@link SimulatorPreset#description()}. */
    public Builder description(String v) { description = v; return this; }
    /** See {@link SimulatorPreset#dataset()}. */
    public Builder dataset(String v) { dataset = v; return this; }
    /** See {@link SimulatorPreset#skill()}. */
    public Builder skill(double v) { skill = v; return this; }
    /** See {@link SimulatorPreset#levelDifficulty()}. */
    public Builder levelDifficulty(List<Double> v) { levelDifficulty = v; return this; }
    /** See {@link SimulatorPreset#unknownLevelDifficulty()}. */
    public Builder unknownLevelDifficulty(double v) { unknownLevelDifficulty = v; return this; }
    /** See {@link SimulatorPreset#difficultyJitter()}. */
    public Builder difficultyJitter(double v) { difficultyJitter = v; return this; }
    /** See {@link SimulatorPreset#stepsMedian()}. */
    public Builder stepsMedian(double v) { stepsMedian = v; return this; }
    /** See {@link SimulatorPreset#stepsPerDifficulty()}. */
    public Builder stepsPerDifficulty(double v) { stepsPerDifficulty = v; return this; }
    /** See {@link SimulatorPreset#stepsSpread()}. */
    public Builder stepsSpread(double v) { stepsSpread = v; return this; }
    /** See {@link SimulatorPreset#tokensPerStepMedian()}. */
    public Builder tokensPerStepMedian(double v) { tokensPerStepMedian = v; return this; }
    /** See {@link SimulatorPreset#tokensPerStepSpread()}. */
    public Builder tokensPerStepSpread(double v) { tokensPerStepSpread = v; return this; }
    /** See {@link SimulatorPreset#wrongAnswers()}. */
    public Builder wrongAnswers(int v) { wrongAnswers = v; return this; }
    /** See {@link SimulatorPreset#wrongZipfExponent()}. */
    public Builder wrongZipfExponent(double v) { wrongZipfExponent = v; return this; }
    /** See {@link SimulatorPreset#wrongZipfPerDifficulty()}. */
    public Builder wrongZipfPerDifficulty(double v) { wrongZipfPerDifficulty = v; return this; }
    /** See {@link SimulatorPreset#tokenLogProbCorrect()}. */
    public Builder tokenLogProbCorrect(double v) { tokenLogProbCorrect = v; return this; }
    /** See {@link SimulatorPreset#tokenLogProbError()}. */
    public Builder tokenLogProbError(double v) { tokenLogProbError = v; return this; }
    /** See {@link SimulatorPreset#tokenLogProbSpread()}. */
    public Builder tokenLogProbSpread(double v) { tokenLogProbSpread = v; return this; }
    /** See {@link SimulatorPreset#prmCorrectLogit()}. */
    public Builder prmCorrectLogit(double v) { prmCorrectLogit = v; return this; }
    /** See {@link SimulatorPreset#prmWrongLogit()}. */
    public Builder prmWrongLogit(double v) { prmWrongLogit = v; return this; }
    /** See {@link SimulatorPreset#prmNoise()}. */
    public Builder prmNoise(double v) { prmNoise = v; return this; }
    /** See {@link SimulatorPreset#prmWrongNoise()}. */
    public Builder prmWrongNoise(double v) { prmWrongNoise = v; return this; }
    /** See {@link SimulatorPreset#prmDetectionRate()}. */
    public Builder prmDetectionRate(double v) { prmDetectionRate = v; return this; }
    /** See {@link SimulatorPreset#prmDeceptiveRate()}. */
    public Builder prmDeceptiveRate(double v) { prmDeceptiveRate = v; return this; }
    /** See {@link SimulatorPreset#prmMissRate()}. */
    public Builder prmMissRate(double v) { prmMissRate = v; return this; }
    /** See {@link SimulatorPreset#prmDeceptiveLogit()}. */
    public Builder prmDeceptiveLogit(double v) { prmDeceptiveLogit = v; return this; }
    /** See {@link SimulatorPreset#prmNoiseCorrelation()}. */
    public Builder prmNoiseCorrelation(double v) { prmNoiseCorrelation = v; return this; }
    /** See {@link SimulatorPreset#prmDifficultyBias()}. */
    public Builder prmDifficultyBias(double v) { prmDifficultyBias = v; return this; }
    /** See {@link SimulatorPreset#promptTemplateTokens()}. */
    public Builder promptTemplateTokens(int v) { promptTemplateTokens = v; return this; }

    /** The preset; validates every value. */
    public SimulatorPreset build() {
      return new SimulatorPreset(name, description, dataset, skill, levelDifficulty, unknownLevelDifficulty,
          difficultyJitter, stepsMedian, stepsPerDifficulty, stepsSpread, tokensPerStepMedian, tokensPerStepSpread,
          wrongAnswers, wrongZipfExponent, wrongZipfPerDifficulty, tokenLogProbCorrect, tokenLogProbError,
          tokenLogProbSpread, prmCorrectLogit, prmWrongLogit, prmNoise, prmWrongNoise, prmDetectionRate,
          prmDeceptiveRate, prmMissRate, prmDeceptiveLogit, prmNoiseCorrelation, prmDifficultyBias, promptTemplateTokens);
    }
  }
}
