package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.junit.jupiter.api.Test;

/** The rules language: parsing, types, evaluation, missing values and located errors. */
class RuleSetTest {

    private static final String RULES = """
            # churn rules
            no_repeat: frequency == 0 and recency > 26 -> churned
            low_alive: p_alive < 0.2 -> churned   # P(alive) from the Pareto/NBD fit
            active:    recency >= 30 -> stays
            north:     (region == 'north' or region = "east") and not p_alive <= 0.5 -> stays otherwise churned
            """;

    private static ColumnTable table() {
        return ColumnTable.builder()
                .addDouble("frequency", new double[] {0, 0, 3, 1, Double.NaN})
                .addDouble("recency", new double[] {30, 10, 35, 27, 40})
                .addDouble("p_alive", new double[] {0.1, 0.9, 0.6, 0.3, 0.05})
                .addString("region", new String[] {"north", "east", "south", null, "north"})
                .build();
    }

    private static int[] votes(Votes v, int rule) {
        int[] out = new int[v.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.vote(rule, i);
        }
        return out;
    }

    @Test
    void parsesAndEvaluatesColumnAtATime() {
        RuleSet rules = RuleSet.parse(RULES, "rules.txt");
        assertEquals(List.of("churned", "stays"), rules.classes());
        assertEquals(List.of("no_repeat", "low_alive", "active", "north"), rules.ruleNames());
        assertEquals(Map.of("frequency", ColumnType.DOUBLE, "recency", ColumnType.DOUBLE, "p_alive", ColumnType.DOUBLE,
                "region", ColumnType.STRING), rules.columnTypes());
        Votes v = rules.votes(table());
        // churned = 0, stays = 1 (order of first appearance); row 4 has a missing frequency: no vote
        assertArrayEquals(new int[] {0, -1, -1, -1, -1}, votes(v, 0));
        assertArrayEquals(new int[] {0, -1, -1, -1, 0}, votes(v, 1));
        assertArrayEquals(new int[] {1, -1, 1, -1, 1}, votes(v, 2));
        // 'otherwise churned' votes on every row it can read; row 3's region is missing
        assertArrayEquals(new int[] {0, 1, 0, -1, 0}, votes(v, 3));
        Votes.RuleStats s = v.stats().get(2);
        assertEquals(0.6, s.coverage(), 1e-12);
        assertEquals(0.6, s.overlaps(), 1e-12);
        assertEquals(0.6, s.conflicts(), 1e-12);
        assertArrayEquals(new int[] {0, 1, -1, -1, 0}, v.majorityVote());
    }

    @Test
    void classesLineFixesTheOrder() {
        RuleSet rules = RuleSet.parse("classes: stays, churned\nr: p_alive < 0.2 -> churned\n", "r.txt");
        assertEquals(List.of("stays", "churned"), rules.classes());
        assertArrayEquals(new int[] {1, -1, -1, -1, 1}, votes(rules.votes(table()), 0));
    }

    private static void assertError(String text, int line, int column, String part) {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> RuleSet.parse(text, "rules.txt"));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rules.txt:" + line + ":" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void errorsNameLineColumnAndWhatWasExpected() {
        assertError("a: recency > 26 -> churned\nb: recency 26 -> churned", 2, 12, "expected a comparison operator");
        assertError("a: recency > -> churned", 1, 14, "expected a column, a number or a quoted string");
        assertError("a: (recency > 2 -> churned", 1, 17, "expected ')'");
        assertError("a: recency > 2 churned", 1, 16, "expected '->'");
        assertError("a: recency > 2 ->", 1, 18, "expected a class name after '->', found the end of the line");
        assertError("a: region == 'x -> churned", 1, 14, "closing '");
        assertError("a: region < 'x' -> churned", 1, 11, "expected == or !=");
        assertError("a: x > 1 -> up\nb: x > 2 -> down\nc: x > 3 -> left", 3, 13, "a third class 'left'");
        assertError("a: x > 1 -> up\na: x > 2 -> down", 2, 1, "already defined on line 1");
        assertError("a: x > 1e -> up", 1, 8, "expected a number");
        assertError("a: x > 1 -> up otherwise up", 1, 26, "the rule's own class");
        assertError("# nothing\n", 2, 1, "at least one rule");
        assertError("a: region == 'n' -> up\nb: region > 3 -> down", 2, 11, "compares text with the number");
    }

    @Test
    void unknownColumnNamesTheColumnAndTheRule() {
        RuleSet rules = RuleSet.parse("a: recency > 26 -> churned\nb: recncy > 3 -> stays\n", "rules.txt");
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> rules.votes(table()));
        assertEquals("rules.txt:2:4: unknown column 'recncy' in rule 'b': the table has columns "
                + "[frequency, recency, p_alive, region]", e.getMessage());
    }

    @Test
    void textCellsOfNumericColumnsAreParsedWithLocatedErrors() {
        RuleSet rules = RuleSet.parse("a: `days since` > 26 -> churned\n", "rules.txt");
        ColumnTable ok = ColumnTable.builder().addString("days since", new String[] {"30", "", "NA", "2"}).build();
        assertArrayEquals(new int[] {0, -1, -1, -1}, votes(rules.votes(ok), 0));
        ColumnTable bad = ColumnTable.builder().addString("days since", new String[] {"30", "x"}).build();
        BadInputException e = assertThrows(BadInputException.class, () -> rules.votes(bad));
        assertTrue(e.getMessage().contains("column 'days since'") && e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void evaluatesAMillionRowsQuickly() {
        int n = 1_000_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 100;
            b[i] = (i * 7919L) % 1000 / 1000.0;
        }
        ColumnTable t = ColumnTable.builder().addDouble("a", a).addDouble("b", b).build();
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < 10; r++) {
            text.append("r").append(r).append(": (a > ").append(5 * r).append(" and b < 0.").append(r + 1)
                    .append(") or not a != ").append(r).append(" -> ").append(r % 2 == 0 ? "x" : "y").append('\n');
        }
        RuleSet rules = RuleSet.parse(text.toString(), "many.txt");
        rules.votes(t); // warm-up
        long start = System.nanoTime();
        Votes v = rules.votes(t);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(n, v.rows());
        // r0: (a > 0 and b < 0.1) or a == 0
        long expected = 0;
        for (int i = 0; i < n; i++) {
            expected += (a[i] > 0 && b[i] < 0.1) || a[i] == 0 ? 1 : 0;
        }
        assertEquals((double) expected / n, v.stats().get(0).coverage(), 1e-12);
        assertTrue(seconds < 5, "10 rules over 1M rows took " + seconds + " s");
    }
}
