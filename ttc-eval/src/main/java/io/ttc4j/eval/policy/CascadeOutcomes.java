package io.ttc4j.eval.policy;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.compute.ModelTier;
import io.ttc4j.strategies.Confidence;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link CascadeEvaluation.TierOutcome}s come from: a tier's search run on a query, priced and
 * timed by the tier's {@link ModelTier} ({@link io.ttc4j.eval.compute.ComputeModel#usd} at its price,
 * {@link io.ttc4j.eval.compute.ComputeModel#latencySeconds} on its hardware).
 */
public final class CascadeOutcomes {

  private CascadeOutcomes() {}

  /**
   * The outcome of {@code result}, a search of {@code problem} by {@code tier} whose strategy decodes
   * {@code parallel} samples together (N for best-of-N, the beams of a step search).
   */
  public static CascadeEvaluation.TierOutcome of(SearchResult result, Problem problem, ModelTier tier, int parallel,
      AnswerEquivalence equivalence) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(problem, "problem");
    boolean right = result.answer() != null && problem.hasReference()
        && equivalence.equivalent(result.answer(), problem.reference());
    return of(Confidence.of(result, equivalence), right, result.usage(), tier, parallel);
  }

  /** The outcome of an answer with {@code confidence}, right or not, that used {@code usage} at {@code tier}. */
  public static CascadeEvaluation.TierOutcome of(Confidence confidence, boolean correct, Usage usage, ModelTier tier,
      int parallel) {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(tier, "tier");
    var model = tier.computeModel();
    return new CascadeEvaluation.TierOutcome(confidence, correct, model.usd(usage, tier.price()),
        model.latencySeconds(usage, parallel, tier.hardware()));
  }

  /**
   * Runs every search of {@code searches} (one per tier, priced by {@code tiers}) once on each query:
   * {@code outcomes[query][tier]}.
   *
   * @param parallel samples each tier's strategy decodes together
   */
  public static CascadeEvaluation.TierOutcome[][] run(List<Search> searches, List<ModelTier> tiers, int parallel,
      List<Map.Entry<Problem, Long>> queries, AnswerEquivalence equivalence) {
    if (searches.size() != tiers.size()) {
      throw new IllegalArgumentException("one search per tier: " + searches.size() + " searches, " + tiers.size() + " tiers");
    }
    CascadeEvaluation.TierOutcome[][] out = new CascadeEvaluation.TierOutcome[queries.size()][tiers.size()];
    for (int i = 0; i < queries.size(); i++) {
      Problem p = queries.get(i).getKey();
      for (int t = 0; t < tiers.size(); t++) {
        SearchResult r = searches.get(t).solve(p, Budget.unlimited(), queries.get(i).getValue()).join();
        out[i][t] = of(r, p, tiers.get(t), parallel, equivalence);
      }
    }
    return out;
  }
}
