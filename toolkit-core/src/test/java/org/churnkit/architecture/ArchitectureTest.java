package org.churnkit.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked from the source: no cycle between churnkit's packages, and no module
 * that depends on one above it in the order the README draws. Main code of every module is read
 * (tests may cross layers: a test of the core may use a higher module's types only through its own
 * module's dependencies, which Maven already enforces).
 */
class ArchitectureTest {
    /**
     * Modules from the bottom up; each may depend only on modules before it. The same order as the
     * root pom's module list and README's architecture section. {@code picocli-java21} is picocli's
     * own sources compiled for Java 21 (no churnkit code), which only the CLI uses.
     */
    static final List<String> LAYERS = List.of("picocli-java21", "toolkit-core", "toolkit-arrow", "toolkit-evaluation", "toolkit-learn",
            "toolkit-report", "toolkit-cli", "toolkit-spark", "benchmarks", "notebooks-java");

    private static final Pattern PACKAGE = Pattern.compile("^package (org\\.churnkit[\\w.]*);", Pattern.MULTILINE);
    /** A reference to a churnkit type: an import, a static import or a qualified name in code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.churnkit(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("toolkit-core").resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "the repository root is above " + Path.of("").toAbsolutePath());
        return dir;
    }

    /** Source with comments and string literals removed, so that javadoc links are not dependencies. */
    static String code(String src) {
        // a scanner, not a regular expression: long literals overflow the regex engine's stack
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                b.append(' ');
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                int end = src.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '"' || c == '\'') {
                boolean block = c == '"' && src.startsWith("\"\"\"", i);
                String close = block ? "\"\"\"" : String.valueOf(c);
                int j = i + close.length();
                while (j < n && !src.startsWith(close, j)) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + close.length());
                b.append("\"\"");
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    /** Package to the packages its main code refers to, with one file per edge for the message. */
    static Map<String, Map<String, Path>> packageGraph(Path root) throws IOException {
        Map<String, Map<String, Path>> graph = new TreeMap<>();
        for (String module : LAYERS) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                    String src0 = Files.readString(f);
                    Matcher pm = PACKAGE.matcher(src0);
                    if (!pm.find()) {
                        continue;
                    }
                    String from = pm.group(1);
                    Map<String, Path> out = graph.computeIfAbsent(from, k -> new TreeMap<>());
                    Matcher m = REFERENCE.matcher(code(src0));
                    while (m.find()) {
                        String to = m.group(1);
                        if (!to.equals(from)) {
                            out.putIfAbsent(to, f);
                        }
                    }
                }
            }
        }
        return graph;
    }

    /** Strongly connected components of more than one package (Tarjan), i.e. the cycles. */
    static List<Set<String>> cycles(Map<String, Map<String, Path>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Map<String, Path>> graph, Map<String, Integer> index,
                                      Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                      List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!graph.containsKey(w)) {
                continue; // a package of another project spelled org.churnkit.*? none; skip unknowns
            }
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            if (scc.size() > 1) {
                out.add(scc);
            }
        }
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Map<String, Path>> graph = packageGraph(repository());
        assertTrue(graph.size() >= 12, "packages found: " + graph.keySet());
        List<String> found = new ArrayList<>();
        for (Set<String> scc : cycles(graph)) {
            StringBuilder b = new StringBuilder("cycle " + scc + ":");
            for (String p : scc) {
                for (var e : graph.get(p).entrySet()) {
                    if (scc.contains(e.getKey())) {
                        b.append("\n  ").append(p).append(" -> ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
                    }
                }
            }
            found.add(b.toString());
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theCycleFinderFindsACycle() {
        // the check above must be able to fail: a -> b -> c -> a is one cycle, d hangs off it
        Map<String, Map<String, Path>> g = new TreeMap<>();
        g.put("a", Map.of("b", Path.of("A.java")));
        g.put("b", Map.of("c", Path.of("B.java")));
        g.put("c", Map.of("a", Path.of("C.java"), "d", Path.of("C.java")));
        g.put("d", Map.of());
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
    }

    /** Which module each package lives in. */
    static Map<String, String> packageModules(Path root) throws IOException {
        Map<String, String> owner = new TreeMap<>();
        for (String module : LAYERS) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher pm = PACKAGE.matcher(Files.readString(f));
                    if (pm.find()) {
                        String prev = owner.putIfAbsent(pm.group(1), module);
                        assertTrue(prev == null || prev.equals(module),
                                "package " + pm.group(1) + " is split between " + prev + " and " + module);
                    }
                }
            }
        }
        return owner;
    }

    @Test
    void noModuleDependsOnOneAboveIt() throws IOException {
        Path root = repository();
        Map<String, String> owner = packageModules(root);
        List<String> wrong = new ArrayList<>();
        for (var e : packageGraph(root).entrySet()) {
            int from = LAYERS.indexOf(owner.get(e.getKey()));
            for (var to : e.getValue().entrySet()) {
                String target = owner.get(to.getKey());
                if (target != null && LAYERS.indexOf(target) > from) {
                    wrong.add(e.getKey() + " (" + owner.get(e.getKey()) + ") -> " + to.getKey() + " (" + target + "): " + to.getValue());
                }
            }
        }
        assertEquals(List.of(), wrong);
        // and the poms agree: a module's churnkit dependencies (any scope but test) lie below it
        Pattern artifact = Pattern.compile("<groupId>org\\.churnkit</groupId>\\s*<artifactId>([\\w-]+)</artifactId>");
        for (String module : LAYERS) {
            Path pom = root.resolve(module).resolve("pom.xml");
            if (!Files.exists(pom)) {
                continue;
            }
            String[] parts = Files.readString(pom).split("<dependency>");
            for (int k = 1; k < parts.length; k++) {
                String d = parts[k].substring(0, Math.max(0, parts[k].indexOf("</dependency>")));
                Matcher m = artifact.matcher(d);
                if (!m.find() || d.contains("<scope>test</scope>")) {
                    continue;
                }
                assertTrue(LAYERS.indexOf(m.group(1)) < LAYERS.indexOf(module),
                        module + " depends on " + m.group(1) + ", which is not below it");
            }
        }
    }

    @Test
    void theRootPomListsTheModulesInLayerOrder() throws IOException {
        String pom = Files.readString(repository().resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([\\w-]+)</module>").matcher(pom);
        List<String> listed = new ArrayList<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(LAYERS, listed);
    }
}
