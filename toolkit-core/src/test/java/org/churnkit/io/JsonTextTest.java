package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void numbersArePlainDecimalsThatReadBackExactly() {
        assertEquals("0.0000556", JsonText.number(5.56E-5));
        assertEquals("11370.0", JsonText.number(1.137E4));
        assertEquals("200.0", JsonText.number(200));
        assertEquals("-0.001", JsonText.number(-1e-3));
        assertEquals("12345678900000000000000.0", JsonText.number(1.23456789e22));
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            double v = Math.exp(rng.nextDouble(-60, 60)) * (rng.nextBoolean() ? 1 : -1);
            String s = JsonText.number(v);
            assertFalse(s.contains("E") || s.contains("e"), s);
            assertEquals(v, Double.parseDouble(s), 0, s);
        }
        assertThrows(IllegalArgumentException.class, () -> JsonText.number(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonText.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void treesAndMapsKeepCountsAsIntegersAndWriteDoublesPlain() throws Exception {
        ObjectNode root = JsonText.mapper().createObjectNode();
        root.put("customers", 5000L);
        root.put("fraction", 5.56E-5);
        root.putArray("values").add(1e-7).add(3.0);
        String tree = JsonText.write(root);
        assertTrue(tree.contains("\"customers\" : 5000,"), tree);
        assertTrue(tree.contains("\"fraction\" : 0.0000556"), tree);
        assertTrue(tree.contains("0.0000001"), tree);
        assertTrue(tree.endsWith("}\n"), tree);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("churners", 12L);
        map.put("emp", 1.5e-9);
        map.put("currency", null);
        String text = JsonText.write(map);
        assertFalse(text.matches("(?s).*\\d[eE][-+]?\\d.*"), text);
        JsonNode back = new ObjectMapper().readTree(text);
        assertTrue(back.get("churners").isIntegralNumber());
        assertEquals(1.5e-9, back.get("emp").asDouble(), 0);
        assertTrue(back.get("currency").isNull());
        map.put("bad", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(map));
    }
}
