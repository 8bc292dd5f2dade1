package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dictionary against a HashMap, over seeded ids of every length class (packed, long, non-ASCII). */
class IdDictionaryPropertiesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void agreesWithHashMap(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        IdDictionary d = new IdDictionary();
        Map<String, Integer> ref = new HashMap<>();
        String alphabet = "0123456789abcXYZ-_é漢";
        for (int i = 0; i < 50_000; i++) {
            int len = rng.nextInt(14); // 0..13: packed and hashed lengths, including empty
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(rng.nextInt(seed % 2 == 0 ? 10 : alphabet.length())));
            }
            String id = sb.toString();
            Integer want = ref.computeIfAbsent(id, x -> ref.size());
            char[] buf = ("##" + id + "#").toCharArray();
            assertEquals(want.intValue(), d.intern(buf, 2, id.length()), id);
        }
        assertEquals(ref.size(), d.size());
        for (var e : ref.entrySet()) {
            assertEquals(e.getKey(), d.id(e.getValue()));
        }
    }
}
