package org.churnkit.labels;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The votes of a set of labelling functions on a table: one column of votes per rule (0, 1 or
 * {@link LabellingFunction#ABSTAIN}), with the rules' summary statistics as Snorkel's
 * {@code LFAnalysis} defines them (Ratner et al. 2017, <i>Snorkel: rapid training data creation
 * with weak supervision</i>, VLDB):
 * <ul>
 *   <li>coverage: share of rows on which the rule votes;</li>
 *   <li>overlaps: share of rows on which the rule and at least one other rule vote;</li>
 *   <li>conflicts: share of rows on which the rule votes and at least one other rule votes for the
 *       other class.</li>
 * </ul>
 * Immutable; the vote columns are held as given (callers must not change them afterwards).
 */
public final class Votes {
    private final List<String> classes;
    private final List<String> rules;
    private final byte[][] votes;
    private final int rows;

    private Votes(List<String> classes, List<String> rules, byte[][] votes, int rows) {
        this.classes = classes;
        this.rules = rules;
        this.votes = votes;
        this.rows = rows;
    }

    /**
     * Votes from columns already computed.
     *
     * @param classes the two class names, index 0 and 1
     * @param rules the rule names, unique, one per vote column
     * @param votes one column per rule, all of the same length, each value 0, 1 or -1 (abstain)
     * @return the votes
     * @throws IllegalArgumentException on a vote out of range (naming the rule and row), unequal
     *     lengths, duplicate names or not exactly two classes
     */
    public static Votes of(List<String> classes, List<String> rules, byte[][] votes) {
        Objects.requireNonNull(classes, "classes");
        if (classes.size() != 2 || classes.get(0).equals(classes.get(1))) {
            throw new IllegalArgumentException("expected two distinct classes, got " + classes);
        }
        if (rules.isEmpty() || rules.size() != votes.length) {
            throw new IllegalArgumentException(rules.size() + " rule names for " + votes.length + " vote columns");
        }
        if (new HashSet<>(rules).size() != rules.size()) {
            throw new IllegalArgumentException("rule names must be unique: " + rules);
        }
        int n = votes[0].length;
        for (int r = 0; r < votes.length; r++) {
            if (votes[r].length != n) {
                throw new IllegalArgumentException("rule '" + rules.get(r) + "' has " + votes[r].length
                        + " votes; expected " + n);
            }
            for (int i = 0; i < n; i++) {
                byte v = votes[r][i];
                if (v < -1 || v > 1) {
                    throw new IllegalArgumentException("rule '" + rules.get(r) + "' votes " + v + " on row " + i
                            + "; expected 0, 1 or -1 (abstain)");
                }
            }
        }
        return new Votes(List.copyOf(classes), List.copyOf(rules), votes, n);
    }

    /**
     * Applies labelling functions to rows 0 .. {@code rows} − 1 (rules in parallel).
     *
     * @param classes the two class names, index 0 and 1
     * @param functions the labelling functions, with unique names
     * @param rows the number of rows
     * @return the votes
     * @throws IllegalArgumentException when a function returns a value other than 0, 1 or
     *     {@link LabellingFunction#ABSTAIN} (naming the rule and the row)
     */
    public static Votes of(List<String> classes, List<LabellingFunction> functions, int rows) {
        byte[][] v = new byte[functions.size()][rows];
        IntStream.range(0, functions.size()).parallel().forEach(r -> {
            LabellingFunction f = functions.get(r);
            for (int i = 0; i < rows; i++) {
                int x = f.vote(i);
                if (x < -1 || x > 1) {
                    throw new IllegalArgumentException("rule '" + f.name() + "' votes " + x + " on row " + i
                            + "; expected 0, 1 or -1 (abstain)");
                }
                v[r][i] = (byte) x;
            }
        });
        return of(classes, functions.stream().map(LabellingFunction::name).toList(), v);
    }

    /**
     * The two class names.
     *
     * @return class 0 and class 1
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * The rule names.
     *
     * @return one name per vote column
     */
    public List<String> rules() {
        return rules;
    }

    /**
     * The number of rows.
     *
     * @return rows
     */
    public int rows() {
        return rows;
    }

    /**
     * One vote.
     *
     * @param rule rule index
     * @param row row index
     * @return 0, 1 or {@link LabellingFunction#ABSTAIN}
     */
    public int vote(int rule, int row) {
        return votes[rule][row];
    }

    /** The vote column of a rule (not copied: package use only). */
    byte[] column(int rule) {
        return votes[rule];
    }

    /**
     * Coverage, overlaps and conflicts of one rule (see the class comment).
     *
     * @param rule the rule's name
     * @param coverage share of rows it votes on, in [0, 1]
     * @param overlaps share of rows on which it and another rule vote
     * @param conflicts share of rows on which another rule votes for the other class
     * @param votesFor0 rows on which it votes class 0
     * @param votesFor1 rows on which it votes class 1
     */
    public record RuleStats(String rule, double coverage, double overlaps, double conflicts, long votesFor0,
                            long votesFor1) {}

    /**
     * Coverage, overlaps and conflicts of every rule.
     *
     * @return one entry per rule, in rule order
     */
    public List<RuleStats> stats() {
        byte[] n0 = new byte[rows];
        byte[] n1 = new byte[rows];
        countVotes(n0, n1);
        return IntStream.range(0, votes.length).parallel().mapToObj(r -> {
            byte[] v = votes[r];
            long cov = 0;
            long over = 0;
            long conf = 0;
            long c0 = 0;
            for (int i = 0; i < rows; i++) {
                int x = v[i];
                if (x < 0) {
                    continue;
                }
                cov++;
                if (x == 0) {
                    c0++;
                }
                int others = n0[i] + n1[i] - 1;
                if (others > 0) {
                    over++;
                }
                if ((x == 0 ? n1[i] : n0[i]) > 0) {
                    conf++;
                }
            }
            double rowsOr1 = Math.max(1, rows); // an empty table: every share 0, never NaN
            return new RuleStats(rules.get(r), cov / rowsOr1, over / rowsOr1, conf / rowsOr1, c0, cov - c0);
        }).toList();
    }

    /** Votes per row for each class (saturating at 127: enough to tell majority and overlap). */
    private void countVotes(byte[] n0, byte[] n1) {
        for (byte[] v : votes) {
            for (int i = 0; i < rows; i++) {
                int x = v[i];
                if (x == 0 && n0[i] < Byte.MAX_VALUE) {
                    n0[i]++;
                } else if (x == 1 && n1[i] < Byte.MAX_VALUE) {
                    n1[i]++;
                }
            }
        }
    }

    /**
     * The majority vote of each row: the class most rules vote for, {@link LabellingFunction#ABSTAIN}
     * on a tie or where no rule votes.
     *
     * @return one class index (or ABSTAIN) per row
     */
    public int[] majorityVote() {
        int[] n1 = new int[rows];
        int[] n0 = new int[rows];
        for (byte[] v : votes) {
            for (int i = 0; i < rows; i++) {
                n1[i] += v[i] == 1 ? 1 : 0;
                n0[i] += v[i] == 0 ? 1 : 0;
            }
        }
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = n1[i] > n0[i] ? 1 : n0[i] > n1[i] ? 0 : LabellingFunction.ABSTAIN;
        }
        return out;
    }

    /**
     * The share of rows on which at least one rule votes.
     *
     * @return the coverage of the rule set, in [0, 1]
     */
    public double coverage() {
        boolean[] any = new boolean[rows];
        for (byte[] v : votes) {
            for (int i = 0; i < rows; i++) {
                any[i] |= v[i] >= 0;
            }
        }
        long c = 0;
        for (boolean b : any) {
            c += b ? 1 : 0;
        }
        return rows == 0 ? 0 : (double) c / rows;
    }
}
