package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.churnkit.io.ColumnTable;
import org.junit.jupiter.api.Test;

class CampaignListTest {

    @Test
    void oneRowPerCustomerInRankingOrderWithTheValueSource() {
        String[] ids = {"a", "b", "c", "d"};
        double[] p = {0.9, 0.3, 0.05, 0.1};
        double[] v = {22.2, 1428.6, 5263.2, 222.2};
        Targeting.Campaign c = Targeting.plan(p, v, Targeting.Offer.of(0.3, 10, 1));
        ColumnTable t = CampaignList.of("customer_id", ids, p, v, "alive_value", c);
        assertEquals(List.of("rank", "customer_id", "churn_probability", "value_at_stake", "value_source",
                "expected_profit", "cumulative_profit", "break_even_probability", "targeted"), t.columnNames());
        assertEquals(CampaignList.columns("customer_id"), t.columnNames());
        int[] ranking = c.ranking();
        double[] profit = c.expectedProfits();
        double cum = 0;
        for (int r = 0; r < ids.length; r++) {
            int i = ranking[r];
            cum += profit[i];
            assertEquals(r + 1, t.longs("rank")[r]);
            assertEquals(ids[i], t.strings("customer_id")[r]);
            assertEquals(p[i], t.doubles("churn_probability")[r], 0);
            assertEquals(v[i], t.doubles("value_at_stake")[r], 0);
            assertEquals("alive_value", t.strings("value_source")[r]);
            assertEquals(profit[i], t.doubles("expected_profit")[r], 0);
            assertEquals(cum, t.doubles("cumulative_profit")[r], 1e-12);
            assertEquals(r < c.targetedCount() ? "true" : "false", t.strings("targeted")[r]);
        }
        assertArrayEquals(new long[] {1, 2, 3, 4}, t.longs("rank"));
    }
}
