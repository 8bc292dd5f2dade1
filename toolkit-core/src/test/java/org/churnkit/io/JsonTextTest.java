package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("customers", 5000L);
        root.put("fraction", 5.56E-5);
        root.put("values", List.of(1e-7, 3.0));
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
        map.put("bad", List.of(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(map));
        map.put("bad", new double[] {1, Double.NEGATIVE_INFINITY});
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(map));
        map.put("bad", new Object());
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(map), "no silent toString of unknown types");
    }

    /** The layout databind's indenting printer gave (golden and fixture files were written with it). */
    @Test
    void theLayoutIsTheIndentedOneFilesWereWrittenWith() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("churners", 12L);
        map.put("emp", 1.5e-9);
        map.put("currency", null);
        map.put("i", 3);
        map.put("nested", Map.of("x", 1.0));
        map.put("list", List.of());
        map.put("empty", Map.of());
        map.put("rows", List.of(List.of(1.0, 2.5), Map.of("a", true)));
        map.put("s", "\u00e9\"\\\n\u0001\ud83d\ude00");
        assertEquals("{\n"
                + "  \"churners\" : 12,\n"
                + "  \"emp\" : 0.0000000015,\n"
                + "  \"currency\" : null,\n"
                + "  \"i\" : 3,\n"
                + "  \"nested\" : {\n"
                + "    \"x\" : 1.0\n"
                + "  },\n"
                + "  \"list\" : [ ],\n"
                + "  \"empty\" : { },\n"
                + "  \"rows\" : [ [ 1.0, 2.5 ], {\n"
                + "    \"a\" : true\n"
                + "  } ],\n"
                + "  \"s\" : \"\u00e9\\\"\\\\\\n\\u0001\ud83d\ude00\"\n"
                + "}\n", JsonText.write(map));
        assertEquals("[1.0,\"a\",null]", JsonText.inline(java.util.Arrays.asList(1.0, "a", null)));
    }

    @Test
    void parsingGivesOrderedPlainValuesAndDoublesBackExactly() {
        SplittableRandom rng = new SplittableRandom(11);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // every scale a double has, subnormals and the extremes included
            values.add(Double.longBitsToDouble(rng.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (rng.nextBoolean() ? 1 : -1));
        }
        values.addAll(List.of(Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1 + 0.2, 1e22,
                1e-300, -0.0, 0.0));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("z", "\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00 tab\t quote\" back\\ nul\u0000");
        root.put("a", values);
        root.put("count", Long.MAX_VALUE);
        root.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        root.put("flag", false);
        root.put("nothing", null);
        Object back = JsonText.parse(JsonText.write(root), "test");
        Map<?, ?> m = assertInstanceOf(Map.class, back);
        assertEquals(List.of("z", "a", "count", "big", "flag", "nothing"), List.copyOf(m.keySet()), "order kept");
        assertEquals(root.get("z"), m.get("z"));
        assertEquals(Long.MAX_VALUE, m.get("count"));
        assertEquals(root.get("big"), m.get("big"));
        assertEquals(Boolean.FALSE, m.get("flag"));
        assertTrue(m.containsKey("nothing") && m.get("nothing") == null);
        List<?> a = assertInstanceOf(List.class, m.get("a"));
        assertEquals(values.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            double v = (Double) values.get(i);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits((Double) a.get(i)), "value " + v);
        }
        // the text of each double is the shortest that reads back: Double.toString's digits
        assertEquals("0.30000000000000004", JsonText.number(0.1 + 0.2));
        assertEquals(5000L, JsonText.parse("5000", "n"));
        assertEquals(5000.0, JsonText.parse("5000.0", "n"));
        assertEquals(1.5e-9, JsonText.parse("1.5e-9", "n"));
    }

    @Test
    void parsingIsStrictAndSaysWhere() {
        for (String[] bad : new String[][] {
            {"{\"a\": 1} x", "line 1"},
            {"{\"a\": 1}\n{\"a\": 1}", "line 2"},
            {"{\"a\": 1,\n \"a\": 2}", "line 2"},
            {"{\"a\": NaN}", "line 1"},
            {"[1, Infinity]", "line 1"},
            {"{\"a\": ", "line 1"},
            {"", "no content"}}) {
            BadInputException e = assertThrows(BadInputException.class, () -> JsonText.parse(bad[0], "model file m.json"), bad[0]);
            assertTrue(e.getMessage().startsWith("model file m.json is not valid JSON: "), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        assertEquals(Map.of("a", 1L), JsonText.parse("\uFEFF{\"a\": 1}", "bom"), "a byte-order mark is skipped");
    }
}
