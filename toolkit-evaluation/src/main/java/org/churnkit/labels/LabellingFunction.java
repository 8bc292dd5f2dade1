package org.churnkit.labels;

/**
 * A labelling function for weak supervision (Ratner et al. 2016, <i>Data programming</i>): a noisy
 * rule that, for one row of a table, votes for a class or abstains. Votes are class indexes: 0 or 1
 * for the two classes of a binary task, {@link #ABSTAIN} when the rule has no opinion.
 *
 * <p>Implementations capture the columns they read (primitive arrays, read once) and answer by row
 * index, so that many rules over a million rows stay cheap; {@link RuleSet} compiles rules written
 * as text into such functions. A function must return 0, 1 or {@link #ABSTAIN} for every row;
 * {@link Votes#of} rejects any other value, naming the rule and the row.
 */
public interface LabellingFunction {
    /** The vote of a rule that has no opinion on a row. */
    int ABSTAIN = -1;

    /**
     * The rule's name, shown in reports (unique within a set of rules).
     *
     * @return the name
     */
    String name();

    /**
     * The vote for one row.
     *
     * @param row row index, 0-based
     * @return 0 or 1 (a class index), or {@link #ABSTAIN}
     */
    int vote(int row);

    /**
     * A labelling function from a name and a row function.
     *
     * @param name the rule's name
     * @param rule row index to 0, 1 or {@link #ABSTAIN}
     * @return the function
     */
    static LabellingFunction of(String name, java.util.function.IntUnaryOperator rule) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(rule, "rule");
        return new LabellingFunction() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int vote(int row) {
                return rule.applyAsInt(row);
            }
        };
    }
}
