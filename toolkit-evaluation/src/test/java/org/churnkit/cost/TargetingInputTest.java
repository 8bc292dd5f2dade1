package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the inputs of target and profit: what each file must hold, and where a violation is. */
class TargetingInputTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("scores.csv");
        Files.writeString(f, text);
        return f;
    }

    private static TargetingInput target(Path f, TargetingInput.Columns c) {
        return TargetingInput.of(TargetingInput.readTable(f, c), c);
    }

    private static final TargetingInput.Columns DEFAULT = new TargetingInput.Columns("customer_id", null, null);

    @Test
    void theValueAtStakeIsAliveValueElseDerivedFromClv() throws IOException {
        TargetingInput a = target(file("customer_id,p_alive,alive_value,clv\n a ,0.25,100,25\nb,1,8,8\n"), DEFAULT);
        assertArrayEquals(new String[] {"a", "b"}, a.ids());
        assertArrayEquals(new double[] {0.75, 0}, a.churnProbability());
        assertArrayEquals(new double[] {100, 8}, a.valueAtStake());
        assertEquals("alive_value", a.valueSource());
        TargetingInput d = target(file("customer_id,p_alive,clv\na,0.5,10\n"), DEFAULT);
        assertEquals(CampaignList.DERIVED_FROM_CLV, d.valueSource());
        assertEquals(20.0, d.valueAtStake()[0], 1e-12);
        TargetingInput named = target(file("customer_id,churn,v\na,0.9,3\n"), new TargetingInput.Columns("customer_id",
                "churn", "v"));
        assertEquals(0.9, named.churnProbability()[0]); // a churn column is taken as it is
        assertEquals("v", named.valueSource());
    }

    @Test
    void violationsAreLocated() throws IOException {
        BadInputException p = assertThrows(BadInputException.class,
                () -> target(file("customer_id,p_alive,alive_value\na,0.5,1\nb,1.5,1\n"), DEFAULT));
        assertEquals(3, p.line());
        assertEquals("p_alive", p.column());
        BadInputException big = assertThrows(BadInputException.class,
                () -> target(file("customer_id,p_alive,alive_value\na,0.5,2e15\n"), DEFAULT));
        assertEquals("alive_value", big.column());
        BadInputException none = assertThrows(BadInputException.class,
                () -> target(file("customer_id,p_alive\na,0.5\n"), DEFAULT));
        assertTrue(none.getMessage().contains("no value at stake"), none.getMessage());
        BadInputException empty = assertThrows(BadInputException.class,
                () -> TargetingInput.readTable(file("customer_id,p_alive\n"), DEFAULT));
        assertTrue(empty.getMessage().contains("no data rows"), empty.getMessage());
        BadInputException missing = assertThrows(BadInputException.class,
                () -> TargetingInput.readTable(file("id,p_alive\na,1\n"), DEFAULT));
        assertTrue(missing.getMessage().contains("customer_id"), missing.getMessage());
    }

    @Test
    void profitInputReadsLabelsScoresAndValues() throws IOException {
        ProfitInput.Columns c = new ProfitInput.Columns("churned", "score", "value");
        Path f = file("churned,score,value\n1,0.9,10\ntrue,0.8,20\n0.0,0.1,30\nfalse,0.2,40\n");
        ProfitInput in = ProfitInput.of(ProfitInput.readTable(f, c), c);
        assertArrayEquals(new int[] {1, 1, 0, 0}, in.labels());
        assertEquals(2, in.churners());
        assertEquals(25.0, in.meanValue());
        assertArrayEquals(new double[] {0.9, 0.8, 0.1, 0.2}, in.scores());
        ProfitInput.Columns noValue = new ProfitInput.Columns("churned", "score", null);
        ProfitInput without = ProfitInput.of(ProfitInput.readTable(f, noValue), noValue);
        assertNull(without.values());
        assertThrows(IllegalStateException.class, without::meanValue);
        Path bad = file("churned,score\n1,0.5\nyes,0.5\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ProfitInput.of(ProfitInput.readTable(bad, noValue), noValue));
        assertEquals(3, e.line());
        assertEquals("churned", e.column());
    }
}
