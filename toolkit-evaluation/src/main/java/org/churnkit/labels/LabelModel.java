package org.churnkit.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.churnkit.ChurnkitException;

/**
 * A generative label model for binary weak supervision: Dawid-Skene EM (Dawid and Skene 1979,
 * <i>Maximum likelihood estimation of observer error-rates using the EM algorithm</i>, JRSS C 28(1))
 * with abstains, extended to dependent rules by modelling each group of strongly dependent rules
 * jointly.
 *
 * <p>Model. The true class y ∈ {0, 1} has prior π = P(y = 1). The rules fall into groups (by default
 * each rule alone); given y, groups vote independently, and group g's joint vote pattern
 * v_g ∈ {abstain, 0, 1}^|g| follows a categorical distribution θ_g(· | y) over its 3^|g| patterns:
 * <pre>
 *   P(y, v) = π_y · Π_g θ_g(v_g | y)          P(y = 1 | v) = 1 / (1 + exp(ℓ0 − ℓ1)),
 *   ℓc = log π_c + Σ_g log θ_g(v_g | c)         (log space throughout)
 * </pre>
 * With singleton groups this is exactly Dawid-Skene with a class-conditional confusion matrix per
 * rule (each class: P(abstain), P(vote 0), P(vote 1)), so a rule may be accurate on one class and
 * not the other and its coverage may depend on the class. A group is the dependency structure's
 * clique: a rule that copies another's output is then counted once, as in the junction-tree label
 * model of Ratner et al. 2019 (<i>Training complex models with multi-task weak supervision</i>,
 * AAAI), which the known-structure fit ({@link #fit(Votes, Options, List)}) follows.
 *
 * <p>Fit. EM (maximum a posteriori with a symmetric Dirichlet pseudo-count
 * {@link Options#smoothing()} on every probability, which keeps every log finite), started from the
 * majority vote (ties: ½), iterated until no parameter moves by more than
 * {@link Options#tolerance()} or {@link Options#maxIterations()}. EM runs over the distinct vote
 * patterns with their counts (one pass over the rows finds them), so an iteration's cost does not
 * grow with the rows.
 *
 * <p>Learning the dependencies (when {@link Options#learnDependencies()}): after a fit, each pair of
 * rules in different groups is tested by comparing its observed 3×3 table of joint votes O with the
 * table the fitted model implies under conditional independence, E_ab = N Σ_c π_c P_j(a|c) P_k(b|c).
 * The divergence D = Σ (O_ab/N) log(O_ab/E_ab) (nats) measures how far the pair's joint votes are
 * from what the class explains (rules that copy each other, or that exclude each other); pairs with D above {@link Options#dependenceThreshold()} and a G-test 2ND above 50
 * (p ≈ 4e-8 for 8 degrees of freedom) are merged into groups of at most
 * {@link Options#maxGroupSize()} rules and the model is refitted.
 * A round merges only the pairs with at least half the largest D (a misfit caused by one dependent
 * pair spills into the residuals of others, which the refit removes); at most one round per rule.
 *
 * <p>Outputs: P(y = 1 | votes) per row ({@link #probabilities}); each rule's estimated accuracy
 * P(vote = y | the rule votes) = Σ_c π_c P(c|c) / Σ_c π_c (1 − P(abstain|c)); its class-conditional
 * vote probabilities; the groups. No output is NaN: every probability is bounded away from 0 by the
 * smoothing.
 */
public final class LabelModel {

    /**
     * Fitting options.
     *
     * @param maxIterations EM iteration limit per fit, {@code >= 1}
     * @param tolerance stop when no parameter moves by more than this, {@code > 0}
     * @param smoothing Dirichlet pseudo-count added to every cell of every distribution, {@code > 0}
     * @param learnDependencies whether to detect and merge dependent rules
     * @param dependenceThreshold divergence D (nats) above which a pair counts as dependent, {@code > 0}
     * @param maxGroupSize largest group of jointly modelled rules, 1 to 5
     */
    public record Options(int maxIterations, double tolerance, double smoothing, boolean learnDependencies,
                          double dependenceThreshold, int maxGroupSize) {
        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException when an option is out of its domain
         */
        public Options {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            if (!(tolerance > 0) || !(smoothing > 0) || !(dependenceThreshold > 0)) {
                throw new IllegalArgumentException("tolerance, smoothing and dependenceThreshold must be > 0, got "
                        + tolerance + ", " + smoothing + ", " + dependenceThreshold);
            }
            if (maxGroupSize < 1 || maxGroupSize > 5) {
                throw new IllegalArgumentException("maxGroupSize must be in [1, 5], got " + maxGroupSize);
            }
        }

        /**
         * The defaults: 1000 iterations, tolerance 1e-6, pseudo-count 1, dependencies learned with
         * threshold 0.01 nats, groups of at most 3 rules.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(1000, 1e-6, 1.0, true, 0.01, 3);
        }

        /**
         * Plain Dawid-Skene: every rule alone, no dependency learned.
         *
         * @return the defaults without dependency learning
         */
        public static Options independent() {
            Options d = defaults();
            return new Options(d.maxIterations, d.tolerance, d.smoothing, false, d.dependenceThreshold, d.maxGroupSize);
        }
    }

    private final List<String> classes;
    private final List<String> rules;
    private final int[][] groups;
    private final double prior1;
    /** theta[g][c][code]: P(group g's pattern = code | y = c). */
    private final double[][][] theta;
    /** marginal[r][c][v + 1]: P(rule r votes v | y = c), v in {-1, 0, 1}. */
    private final double[][][] marginal;
    private final int iterations;
    private final boolean converged;
    private final double logLikelihood;

    private LabelModel(List<String> classes, List<String> rules, int[][] groups, double prior1, double[][][] theta,
                       int iterations, boolean converged, double logLikelihood) {
        this.classes = classes;
        this.rules = rules;
        this.groups = groups;
        this.prior1 = prior1;
        this.theta = theta;
        this.iterations = iterations;
        this.converged = converged;
        this.logLikelihood = logLikelihood;
        this.marginal = new double[rules.size()][2][3];
        for (int g = 0; g < groups.length; g++) {
            int[] members = groups[g];
            for (int c = 0; c < 2; c++) {
                for (int code = 0; code < theta[g][c].length; code++) {
                    int rest = code;
                    for (int m : members) {
                        marginal[m][c][rest % 3] += theta[g][c][code];
                        rest /= 3;
                    }
                }
            }
        }
    }

    /**
     * Fits with the default options.
     *
     * @param votes the rules' votes
     * @return the fitted model
     */
    public static LabelModel fit(Votes votes) {
        return fit(votes, Options.defaults());
    }

    /**
     * Fits, learning the dependencies when the options ask for it.
     *
     * @param votes the rules' votes, at least one row
     * @param o fitting options
     * @return the fitted model
     * @throws ChurnkitException when there are no rows
     */
    public static LabelModel fit(Votes votes, Options o) {
        return fit(votes, o, List.of());
    }

    /**
     * Fits with a known dependency structure: each listed group of rule names is modelled jointly
     * (further groups are learned only when the options ask for it).
     *
     * @param votes the rules' votes, at least one row
     * @param o fitting options
     * @param knownGroups disjoint groups of rule names, each of at most 5 rules
     * @return the fitted model
     * @throws ChurnkitException when there are no rows
     * @throws IllegalArgumentException when a group names an unknown rule or overlaps another
     */
    public static LabelModel fit(Votes votes, Options o, List<List<String>> knownGroups) {
        if (votes.rows() == 0) {
            throw new ChurnkitException("the label model needs at least one row; the table is empty");
        }
        int r = votes.rules().size();
        int[] groupOf = new int[r];
        Arrays.fill(groupOf, -1);
        List<List<Integer>> partition = new ArrayList<>();
        for (List<String> g : knownGroups) {
            if (g.isEmpty() || g.size() > 5) {
                throw new IllegalArgumentException("a group must hold 1 to 5 rules, got " + g);
            }
            List<Integer> members = new ArrayList<>();
            for (String name : g) {
                int j = votes.rules().indexOf(name);
                if (j < 0) {
                    throw new IllegalArgumentException("no rule named '" + name + "'; the rules are " + votes.rules());
                }
                if (groupOf[j] >= 0) {
                    throw new IllegalArgumentException("rule '" + name + "' is in two groups");
                }
                groupOf[j] = partition.size();
                members.add(j);
            }
            partition.add(members);
        }
        for (int j = 0; j < r; j++) {
            if (groupOf[j] < 0) {
                groupOf[j] = partition.size();
                partition.add(new ArrayList<>(List.of(j)));
            }
        }
        VotePatterns pat = VotePatterns.of(votes);
        LabelModel m = em(votes, pat, toArrays(partition), o);
        for (int round = 0; round < r && o.learnDependencies(); round++) {
            List<List<Integer>> merged = mergeDependent(m, pat, partition, o);
            if (merged == null) {
                break;
            }
            partition = merged;
            m = em(votes, pat, toArrays(partition), o);
        }
        return m;
    }

    private static int[][] toArrays(List<List<Integer>> partition) {
        int[][] g = new int[partition.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = partition.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        Arrays.sort(g, Comparator.comparingInt(a -> a[0]));
        return g;
    }

    /** One round of pair tests; the new partition, or null when no pair is merged. */
    private static List<List<Integer>> mergeDependent(LabelModel m, VotePatterns pat, List<List<Integer>> partition,
                                                      Options o) {
        int r = pat.rules;
        int[] groupOf = new int[r];
        for (int g = 0; g < partition.size(); g++) {
            for (int j : partition.get(g)) {
                groupOf[j] = g;
            }
        }
        double n = 0;
        for (int p = 0; p < pat.size; p++) {
            n += pat.count[p];
        }
        record Pair(int j, int k, double d) {}
        List<Pair> candidates = new ArrayList<>();
        double pi1 = m.prior1;
        for (int j = 0; j < r; j++) {
            for (int k = j + 1; k < r; k++) {
                if (groupOf[j] == groupOf[k]) {
                    continue;
                }
                double[][] obs = new double[3][3];
                for (int p = 0; p < pat.size; p++) {
                    obs[pat.votes[p * r + j] + 1][pat.votes[p * r + k] + 1] += pat.count[p];
                }
                double d = 0;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        if (obs[a][b] == 0) {
                            continue;
                        }
                        double e = (1 - pi1) * m.marginal[j][0][a] * m.marginal[k][0][b]
                                + pi1 * m.marginal[j][1][a] * m.marginal[k][1][b];
                        double q = obs[a][b] / n;
                        d += q * Math.log(q / e);
                    }
                }
                if (d > o.dependenceThreshold() && 2 * n * d > 50) {
                    candidates.add(new Pair(j, k, d));
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(Comparator.comparingDouble(Pair::d).reversed());
        // a misfit caused by one dependent pair spills into the residuals of other pairs, so a round
        // merges only the clearly strongest pairs and refits before judging the rest
        double strongest = candidates.get(0).d;
        candidates.removeIf(c -> c.d < 0.5 * strongest);
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> g : partition) {
            groups.add(new ArrayList<>(g));
        }
        boolean any = false;
        for (Pair c : candidates) {
            int gj = groupOf[c.j];
            int gk = groupOf[c.k];
            if (gj == gk || groups.get(gj).size() + groups.get(gk).size() > o.maxGroupSize()) {
                continue;
            }
            groups.get(gj).addAll(groups.get(gk));
            groups.get(gk).clear();
            for (int x = 0; x < r; x++) {
                if (groupOf[x] == gk) {
                    groupOf[x] = gj;
                }
            }
            any = true;
        }
        if (!any) {
            return null;
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    /** Codes of each pattern's votes in each group: Σ_k 3^k (vote of the k-th member + 1). */
    private static int[][] codes(VotePatterns pat, int[][] groups) {
        int[][] code = new int[groups.length][pat.size];
        for (int g = 0; g < groups.length; g++) {
            for (int p = 0; p < pat.size; p++) {
                int c = 0;
                int mult = 1;
                for (int member : groups[g]) {
                    c += mult * (pat.votes[p * pat.rules + member] + 1);
                    mult *= 3;
                }
                code[g][p] = c;
            }
        }
        return code;
    }

    private static LabelModel em(Votes votes, VotePatterns pat, int[][] groups, Options o) {
        int[][] code = codes(pat, groups);
        int np = pat.size;
        double[] q1 = new double[np];
        // start: majority vote of each pattern (ties and patterns without votes: 1/2)
        for (int p = 0; p < np; p++) {
            int d = 0;
            for (int j = 0; j < pat.rules; j++) {
                int v = pat.votes[p * pat.rules + j];
                d += v == 1 ? 1 : v == 0 ? -1 : 0;
            }
            q1[p] = d > 0 ? 1 : d < 0 ? 0 : 0.5;
        }
        double[][][] theta = new double[groups.length][2][];
        double[][][] logTheta = new double[groups.length][2][];
        for (int g = 0; g < groups.length; g++) {
            int k = (int) Math.pow(3, groups[g].length);
            for (int c = 0; c < 2; c++) {
                theta[g][c] = new double[k];
                logTheta[g][c] = new double[k];
            }
        }
        double pi1 = mStep(pat, code, q1, theta, o.smoothing());
        double ll = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int it;
        double[][][] old = new double[groups.length][2][];
        for (it = 1; it <= o.maxIterations(); it++) {
            for (int g = 0; g < groups.length; g++) {
                for (int c = 0; c < 2; c++) {
                    for (int k = 0; k < theta[g][c].length; k++) {
                        logTheta[g][c][k] = Math.log(theta[g][c][k]);
                    }
                    old[g][c] = theta[g][c].clone();
                }
            }
            ll = eStep(pat, code, logTheta, pi1, q1);
            double newPi = mStep(pat, code, q1, theta, o.smoothing());
            double change = Math.abs(newPi - pi1);
            for (int g = 0; g < groups.length; g++) {
                for (int c = 0; c < 2; c++) {
                    for (int k = 0; k < theta[g][c].length; k++) {
                        change = Math.max(change, Math.abs(theta[g][c][k] - old[g][c][k]));
                    }
                }
            }
            pi1 = newPi;
            if (change <= o.tolerance()) {
                converged = true;
                break;
            }
        }
        return new LabelModel(votes.classes(), votes.rules(), groups, pi1, theta, Math.min(it, o.maxIterations()),
                converged, ll);
    }

    /** Posterior P(y = 1 | pattern) into q1; returns the log-likelihood of the data. */
    private static double eStep(VotePatterns pat, int[][] code, double[][][] logTheta, double pi1, double[] q1) {
        double lp0 = Math.log1p(-pi1);
        double lp1 = Math.log(pi1);
        double ll = 0;
        for (int p = 0; p < pat.size; p++) {
            double l0 = lp0;
            double l1 = lp1;
            for (int g = 0; g < code.length; g++) {
                int c = code[g][p];
                l0 += logTheta[g][0][c];
                l1 += logTheta[g][1][c];
            }
            double d = l0 - l1;
            q1[p] = d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
            ll += pat.count[p] * (Math.max(l0, l1) + Math.log1p(Math.exp(-Math.abs(d))));
        }
        return ll;
    }

    /** MAP update of theta from the posteriors; returns the new prior P(y = 1). */
    private static double mStep(VotePatterns pat, int[][] code, double[] q1, double[][][] theta, double s) {
        double n1 = 0;
        double n = 0;
        for (double[][] t : theta) {
            Arrays.fill(t[0], s);
            Arrays.fill(t[1], s);
        }
        for (int p = 0; p < pat.size; p++) {
            double w1 = pat.count[p] * q1[p];
            double w0 = pat.count[p] - w1;
            n1 += w1;
            n += pat.count[p];
            for (int g = 0; g < code.length; g++) {
                theta[g][0][code[g][p]] += w0;
                theta[g][1][code[g][p]] += w1;
            }
        }
        for (double[][] t : theta) {
            for (double[] tc : t) {
                double sum = 0;
                for (double x : tc) {
                    sum += x;
                }
                for (int k = 0; k < tc.length; k++) {
                    tc[k] /= sum;
                }
            }
        }
        return (n1 + s) / (n + 2 * s);
    }

    /**
     * P(y = class 1 | votes) for every row of a vote table with the same rules (in the same order).
     * A row without any vote gets the prior.
     *
     * @param votes the votes
     * @return one probability per row, in (0, 1)
     * @throws IllegalArgumentException when the rules differ from the model's
     */
    public double[] probabilities(Votes votes) {
        if (!votes.rules().equals(rules)) {
            throw new IllegalArgumentException("the votes are of rules " + votes.rules() + "; the model was fitted on "
                    + rules);
        }
        VotePatterns pat = VotePatterns.of(votes);
        int[][] code = codes(pat, groups);
        double[][][] logTheta = new double[groups.length][2][];
        for (int g = 0; g < groups.length; g++) {
            for (int c = 0; c < 2; c++) {
                logTheta[g][c] = Arrays.stream(theta[g][c]).map(Math::log).toArray();
            }
        }
        double[] q1 = new double[pat.size];
        eStep(pat, code, logTheta, prior1, q1);
        double[] out = new double[votes.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = q1[pat.patternOfRow[i]];
        }
        return out;
    }

    /**
     * The class names, index 0 and 1.
     *
     * @return the classes
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * The rule names, in vote-column order.
     *
     * @return the rules
     */
    public List<String> rules() {
        return rules;
    }

    /**
     * The estimated prior P(y = class 1).
     *
     * @return π, in (0, 1)
     */
    public double prior() {
        return prior1;
    }

    /**
     * A rule's estimated accuracy: P(its vote = y | it votes).
     *
     * @param rule rule index
     * @return the accuracy, in (0, 1)
     */
    public double accuracy(int rule) {
        double[][] m = marginal[rule];
        double right = (1 - prior1) * m[0][1] + prior1 * m[1][2];
        double votes = (1 - prior1) * (1 - m[0][0]) + prior1 * (1 - m[1][0]);
        return right / votes;
    }

    /**
     * Every rule's estimated accuracy.
     *
     * @return one accuracy per rule
     */
    public double[] accuracies() {
        double[] a = new double[rules.size()];
        for (int j = 0; j < a.length; j++) {
            a[j] = accuracy(j);
        }
        return a;
    }

    /**
     * A rule's estimated class-conditional vote probability.
     *
     * @param rule rule index
     * @param trueClass the true class, 0 or 1
     * @param vote 0, 1 or {@link LabellingFunction#ABSTAIN}
     * @return P(the rule votes {@code vote} | y = trueClass)
     */
    public double voteProbability(int rule, int trueClass, int vote) {
        return marginal[rule][trueClass][vote + 1];
    }

    /**
     * The rules modelled jointly (groups of two or more); every other rule is modelled alone.
     *
     * @return groups of rule names, in rule order
     */
    public List<List<String>> dependentGroups() {
        List<List<String>> out = new ArrayList<>();
        for (int[] g : groups) {
            if (g.length > 1) {
                out.add(Arrays.stream(g).mapToObj(rules::get).toList());
            }
        }
        return out;
    }

    /**
     * EM iterations of the last fit.
     *
     * @return iterations
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Whether the last fit met the tolerance within the iteration limit.
     *
     * @return true when converged
     */
    public boolean converged() {
        return converged;
    }

    /**
     * The log-likelihood of the votes (without the prior's pseudo-counts) at the last E-step.
     *
     * @return the log-likelihood
     */
    public double logLikelihood() {
        return logLikelihood;
    }
}
