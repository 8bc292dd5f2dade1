package org.churnkit.labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;

/**
 * Labelling functions written as text, one rule a line, compiled to column-at-a-time evaluation.
 *
 * <pre>
 *   # comments start with '#'; blank lines are ignored
 *   classes: stays, churned                       (optional: class 0, class 1)
 *   no_repeat: frequency == 0 and recency &gt; 26 -&gt; churned
 *   low_alive: p_alive &lt; 0.2 -&gt; churned
 *   active:    recency &gt;= 30 -&gt; stays
 *   segment:   region == 'north' -&gt; stays otherwise churned
 * </pre>
 *
 * Grammar (keywords lower case; {@code =} is accepted for {@code ==}):
 * <pre>
 *   rule       := NAME ':' expression '-&gt;' CLASS [ 'otherwise' ( CLASS | 'abstain' ) ]
 *   expression := and { 'or' and }
 *   and        := not { 'and' not }
 *   not        := 'not' not | '(' expression ')' | operand OP operand
 *   OP         := '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 *   operand    := NUMBER | STRING | COLUMN
 * </pre>
 * A NUMBER is a decimal such as {@code 26}, {@code -0.5} or {@code 1e-3}; a STRING is quoted with
 * {@code '} or {@code "}; a COLUMN is a name of letters, digits, {@code _} and {@code .} not starting
 * with a digit, or any name in back quotes ({@code `days since`}). A column compared with a string is
 * text (only {@code ==} and {@code !=}); every other column is numeric.
 *
 * <p>Semantics: a rule votes for its class on the rows where its condition holds and for its
 * {@code otherwise} class (by default it abstains) where it does not. A row on which a column the
 * rule reads is missing (an empty cell, NA, NaN) gets no vote from that rule, whatever the
 * condition. The two classes are those of the {@code classes:} line, or else the class names in the
 * order the rules first name them; at most two may appear (the label model is binary).
 *
 * <p>Errors name the source, the line, the column (in characters) and what was expected; a column
 * the table lacks is an error naming the column, the rule and where it is used.
 */
public final class RuleSet {
    private final String source;
    private final List<String> classes;
    private final List<Rule> rules;
    private final Map<String, ColumnType> columnTypes;
    private final Map<String, Ref> firstUse;

    private RuleSet(String source, List<String> classes, List<Rule> rules, Map<String, ColumnType> columnTypes,
                    Map<String, Ref> firstUse) {
        this.source = source;
        this.classes = classes;
        this.rules = rules;
        this.columnTypes = columnTypes;
        this.firstUse = firstUse;
    }

    /**
     * Parses a rules file (UTF-8).
     *
     * @param file the rules file
     * @return the rules
     * @throws RuleSyntaxException naming the file, line and column of the first error
     * @throws BadInputException when the file is missing, unreadable, empty or not UTF-8
     */
    public static RuleSet parse(Path file) {
        org.churnkit.io.IoErrors.requireReadable(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(org.churnkit.io.IoErrors.cannotRead(file, e), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw BadInputException.of(file + ": the rules file is not valid UTF-8");
        }
        return parse(text, file.toString());
    }

    /**
     * Parses rules given as text.
     *
     * @param text the rules, one a line
     * @param source the name errors give for the text (e.g. a file name)
     * @return the rules
     * @throws RuleSyntaxException naming the source, line and column of the first error
     */
    public static RuleSet parse(String text, String source) {
        return new Parser(text, source).parse();
    }

    /**
     * Where the rules came from.
     *
     * @return the file name or the source given with the text
     */
    public String source() {
        return source;
    }

    /**
     * The two classes: index 0 and index 1 of the votes (the second may be absent when every rule
     * names the same class: it is then called {@code not_<first>}).
     *
     * @return the class names, two of them
     */
    public List<String> classes() {
        return classes;
    }

    /**
     * The rule names, in file order.
     *
     * @return the names
     */
    public List<String> ruleNames() {
        return rules.stream().map(Rule::name).toList();
    }

    /**
     * The columns the rules read, with the type each is used as ({@link ColumnType#DOUBLE} or
     * {@link ColumnType#STRING}), in order of first use: what a reader should be asked for.
     *
     * @return column name to type, unmodifiable
     */
    public Map<String, ColumnType> columnTypes() {
        return columnTypes;
    }

    /**
     * Where a column is first used, as {@code source:line:column}, for messages about the table.
     *
     * @param column a column the rules read
     * @return the location, or {@code null} when the rules do not read that column
     */
    public String whereUsed(String column) {
        Ref r = firstUse.get(column);
        return r == null ? null : source + ":" + r.line + ":" + r.col + " (rule '" + r.rule + "')";
    }

    /**
     * Evaluates every rule on every row of a table, column at a time, rules in parallel.
     *
     * @param table the table; numeric columns may be double or integer (or text that parses as numbers)
     * @return the votes, one column per rule
     * @throws RuleSyntaxException when a column the rules read is not in the table (naming the
     *     column, the rule and where it is used)
     * @throws BadInputException when a numeric column holds a cell that is not a number
     */
    public Votes votes(ColumnTable table) {
        int n = table.rowCount();
        Map<String, Object> data = new HashMap<>();
        for (Map.Entry<String, ColumnType> e : columnTypes.entrySet()) {
            String name = e.getKey();
            Ref at = firstUse.get(name);
            if (!table.has(name)) {
                throw new RuleSyntaxException(source, at.line, at.col, "unknown column '" + name + "' in rule '"
                        + at.rule + "': " + (table.source() != null ? table.source() : "the table") + " has columns "
                        + table.columnNames());
            }
            if (e.getValue() == ColumnType.STRING) {
                data.put(name, table.stringsOf(name));
            } else {
                data.put(name, numeric(table, name, at));
            }
        }
        byte[][] votes = new byte[rules.size()][];
        IntStream.range(0, rules.size()).parallel().forEach(r -> votes[r] = rules.get(r).evaluate(data, n));
        return Votes.of(classes, ruleNames(), votes);
    }

    private double[] numeric(ColumnTable table, String name, Ref at) {
        ColumnType t = table.type(name);
        if (t == ColumnType.DOUBLE || t == ColumnType.LONG) {
            return table.doubles(name);
        }
        if (t != ColumnType.STRING) {
            throw new RuleSyntaxException(source, at.line, at.col, "column '" + name + "' is a " + t.name().toLowerCase()
                    + " column; rule '" + at.rule + "' compares it with numbers");
        }
        String[] s = table.strings(name);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            String v = s[i] == null ? "" : s[i].strip();
            if (v.isEmpty() || v.equals("NA") || v.equalsIgnoreCase("nan")) {
                out[i] = Double.NaN;
                continue;
            }
            try {
                out[i] = Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                throw BadInputException.at(table.source(), table.line(i), name, "expected a number (rule '" + at.rule
                        + "' compares this column with numbers), found " + BadInputException.quote(s[i]));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ compiled rules

    /** Rows evaluated per block: the intermediate arrays of a block stay in the L1/L2 cache. */
    private static final int BLOCK = 4096;

    private record Ref(String rule, int line, int col) {}

    private record Rule(String name, Node condition, List<String> columns, byte label, byte otherwise) {
        byte[] evaluate(Map<String, Object> data, int n) {
            byte[] out = new byte[n];
            boolean[] cond = new boolean[BLOCK];
            for (int from = 0; from < n; from += BLOCK) {
                int len = Math.min(BLOCK, n - from);
                condition.eval(data, from, len, cond);
                for (int i = 0; i < len; i++) {
                    out[from + i] = cond[i] ? label : otherwise;
                }
                for (String c : columns) {
                    Object col = data.get(c);
                    if (col instanceof double[] d) {
                        for (int i = 0; i < len; i++) {
                            if (Double.isNaN(d[from + i])) {
                                out[from + i] = LabellingFunction.ABSTAIN;
                            }
                        }
                    } else {
                        String[] s = (String[]) col;
                        for (int i = 0; i < len; i++) {
                            if (s[from + i] == null) {
                                out[from + i] = LabellingFunction.ABSTAIN;
                            }
                        }
                    }
                }
            }
            return out;
        }
    }

    private sealed interface Node permits And, Or, Not, NumCompare, TextCompare, Indirect {
        /** Writes the condition for rows [from, from + len) into out[0, len). */
        void eval(Map<String, Object> data, int from, int len, boolean[] out);
    }

    private record And(Node a, Node b) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            boolean[] tmp = new boolean[len];
            a.eval(data, from, len, out);
            b.eval(data, from, len, tmp);
            for (int i = 0; i < len; i++) {
                out[i] &= tmp[i];
            }
        }
    }

    private record Or(Node a, Node b) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            boolean[] tmp = new boolean[len];
            a.eval(data, from, len, out);
            b.eval(data, from, len, tmp);
            for (int i = 0; i < len; i++) {
                out[i] |= tmp[i];
            }
        }
    }

    private record Not(Node a) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            a.eval(data, from, len, out);
            for (int i = 0; i < len; i++) {
                out[i] = !out[i];
            }
        }
    }

    private enum Op { EQ, NE, LT, LE, GT, GE }

    /** Operand: a column name ({@code column != null}) or a literal. */
    private record Operand(String column, double number, String text, Ref at) {
        boolean isColumn() {
            return column != null;
        }
    }

    private record NumCompare(Operand l, Op op, Operand r) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            double[] a = l.isColumn() ? (double[]) data.get(l.column) : null;
            double[] b = r.isColumn() ? (double[]) data.get(r.column) : null;
            double ca = l.number;
            double cb = r.number;
            // the loops below are split by operand kind so the JIT vectorises each one
            if (a != null && b == null) {
                switch (op) {
                    case EQ -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] == cb; } }
                    case NE -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] != cb; } }
                    case LT -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] < cb; } }
                    case LE -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] <= cb; } }
                    case GT -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] > cb; } }
                    case GE -> { for (int i = 0; i < len; i++) { out[i] = a[from + i] >= cb; } }
                    default -> throw new IllegalStateException();
                }
                return;
            }
            for (int i = 0; i < len; i++) {
                double x = a != null ? a[from + i] : ca;
                double y = b != null ? b[from + i] : cb;
                out[i] = switch (op) {
                    case EQ -> x == y;
                    case NE -> x != y;
                    case LT -> x < y;
                    case LE -> x <= y;
                    case GT -> x > y;
                    case GE -> x >= y;
                };
            }
        }
    }

    private record TextCompare(Operand l, boolean equal, Operand r) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            String[] a = l.isColumn() ? (String[]) data.get(l.column) : null;
            String[] b = r.isColumn() ? (String[]) data.get(r.column) : null;
            for (int i = 0; i < len; i++) {
                String x = a != null ? a[from + i] : l.text;
                String y = b != null ? b[from + i] : r.text;
                out[i] = (x != null && x.equals(y)) == equal;
            }
        }
    }

    // ------------------------------------------------------------------ parser

    private enum Kind { NAME, NUMBER, STRING, QUOTED_NAME, OP, LPAREN, RPAREN, ARROW, COLON, COMMA, END }

    private record Token(Kind kind, String text, int col) {
        String shown() {
            return kind == Kind.END ? "the end of the line" : "'" + text + "'";
        }
    }

    /** A parsed comparison whose node is made once the whole file has settled the column types. */
    private record Pending(Operand l, String op, Operand r, Ref at, Node[] slot) {}

    private static final class Parser {
        private final String text;
        private final String source;
        private int lineNo;
        private List<Token> tokens;
        private int pos;
        private String ruleName;
        private final List<String> classNames = new ArrayList<>();
        private boolean classesDeclared;
        private final Map<String, ColumnType> types = new LinkedHashMap<>();
        private final Map<String, Ref> firstUse = new HashMap<>();
        private final List<Pending> pending = new ArrayList<>();

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        RuleSet parse() {
            record Raw(String name, Node[] condition, List<String> columns, String label, String otherwise, Ref at,
                       Ref otherwiseAt) {}
            List<Raw> raws = new ArrayList<>();
            Map<String, Integer> names = new HashMap<>();
            String[] lines = text.split("\r\n|\n|\r", -1);
            for (int li = 0; li < lines.length; li++) {
                lineNo = li + 1;
                String line = lines[li];
                if (li == 0 && line.startsWith("\uFEFF")) {
                    line = " " + line.substring(1);
                }
                tokens = tokenize(line);
                pos = 0;
                if (peek().kind == Kind.END) {
                    continue;
                }
                Token name = expect(Kind.NAME, "a rule name or 'classes:'");
                expect(Kind.COLON, "':' after the rule name");
                if (name.text.equals("classes")) {
                    if (classesDeclared || !raws.isEmpty()) {
                        throw error(name, "'classes:' must come once, before the first rule");
                    }
                    Token a = expect(Kind.NAME, "a class name");
                    checkClassName(a);
                    expect(Kind.COMMA, "',' between the two class names");
                    Token b = expect(Kind.NAME, "a class name");
                    checkClassName(b);
                    if (a.text.equals(b.text)) {
                        throw error(b, "the two classes must differ, found '" + b.text + "' twice");
                    }
                    expect(Kind.END, "the end of the line after the two classes");
                    classNames.add(a.text);
                    classNames.add(b.text);
                    classesDeclared = true;
                    continue;
                }
                ruleName = name.text;
                if (names.containsKey(name.text)) {
                    throw error(name, "a rule named '" + name.text + "' is already defined on line " + names.get(name.text));
                }
                names.put(name.text, lineNo);
                List<String> columns = new ArrayList<>();
                Node[] cond = {expression(columns)};
                expect(Kind.ARROW, "'->' followed by a class, or 'and', 'or' or a comparison");
                Token label = expect(Kind.NAME, "a class name after '->'");
                checkClassName(label);
                Ref labelAt = new Ref(ruleName, lineNo, label.col);
                String otherwise = null;
                Ref otherwiseAt = null;
                if (peek().kind == Kind.NAME && peek().text.equals("otherwise")) {
                    pos++;
                    Token o = expect(Kind.NAME, "a class name or 'abstain' after 'otherwise'");
                    if (!o.text.equals("abstain")) {
                        checkClassName(o);
                        if (o.text.equals(label.text)) {
                            throw error(o, "'otherwise' names the rule's own class '" + o.text + "': the rule would vote "
                                    + label.text + " on every row");
                        }
                        otherwise = o.text;
                        otherwiseAt = new Ref(ruleName, lineNo, o.col);
                    }
                }
                expect(Kind.END, "the end of the rule (or 'otherwise CLASS')");
                raws.add(new Raw(ruleName, cond, List.copyOf(columns), label.text, otherwise, labelAt, otherwiseAt));
                addClass(label.text, labelAt);
                if (otherwise != null) {
                    addClass(otherwise, otherwiseAt);
                }
            }
            if (raws.isEmpty()) {
                throw new RuleSyntaxException(source, Math.max(1, lineNo), 1, "expected at least one rule like "
                        + "'name: recency > 26 -> churned', found none");
            }
            settleTypes();
            if (classNames.size() == 1) {
                classNames.add("not_" + classNames.get(0));
            }
            List<Rule> rules = new ArrayList<>();
            for (Raw r : raws) {
                byte label = (byte) classNames.indexOf(r.label);
                byte otherwise = r.otherwise == null ? LabellingFunction.ABSTAIN : (byte) classNames.indexOf(r.otherwise);
                rules.add(new Rule(r.name, r.condition[0], r.columns, label, otherwise));
            }
            return new RuleSet(source, List.copyOf(classNames), List.copyOf(rules),
                    Collections.unmodifiableMap(new LinkedHashMap<>(types)), Map.copyOf(firstUse));
        }

        private void checkClassName(Token t) {
            if (t.text.equals("abstain") || t.text.equals("otherwise") || t.text.equals("classes")) {
                throw error(t, "expected a class name, found the keyword '" + t.text + "'");
            }
        }

        private void addClass(String name, Ref at) {
            if (classNames.contains(name)) {
                return;
            }
            if (classesDeclared) {
                throw new RuleSyntaxException(source, at.line, at.col, "unknown class '" + name + "': 'classes:' declares "
                        + classNames.get(0) + " and " + classNames.get(1));
            }
            if (classNames.size() == 2) {
                throw new RuleSyntaxException(source, at.line, at.col, "a third class '" + name + "': the label model is "
                        + "binary and the rules already name " + classNames.get(0) + " and " + classNames.get(1));
            }
            classNames.add(name);
        }

        private Node expression(List<String> columns) {
            Node n = and(columns);
            while (isKeyword("or")) {
                pos++;
                n = new Or(n, and(columns));
            }
            return n;
        }

        private Node and(List<String> columns) {
            Node n = not(columns);
            while (isKeyword("and")) {
                pos++;
                n = new And(n, not(columns));
            }
            return n;
        }

        private Node not(List<String> columns) {
            if (isKeyword("not")) {
                pos++;
                return new Not(not(columns));
            }
            if (peek().kind == Kind.LPAREN) {
                pos++;
                Node n = expression(columns);
                expect(Kind.RPAREN, "')' or 'and', 'or'");
                return n;
            }
            Token first = peek();
            Operand l = operand(columns);
            Token op = expect(Kind.OP, "a comparison operator (==, !=, <, <=, >, >=)");
            Operand r = operand(columns);
            if (!l.isColumn() && !r.isColumn()) {
                throw error(first, "a comparison of two constants: one side must be a column");
            }
            Node[] slot = new Node[1];
            pending.add(new Pending(l, op.text, r, new Ref(ruleName, lineNo, op.col), slot));
            // the node's type depends on the columns' types, known only at the end of the file
            return new Indirect(slot);
        }

        private Operand operand(List<String> columns) {
            Token t = peek();
            switch (t.kind) {
                case NUMBER -> {
                    pos++;
                    return new Operand(null, Double.parseDouble(t.text), null, new Ref(ruleName, lineNo, t.col));
                }
                case STRING -> {
                    pos++;
                    return new Operand(null, Double.NaN, t.text, new Ref(ruleName, lineNo, t.col));
                }
                case NAME, QUOTED_NAME -> {
                    if (t.kind == Kind.NAME && (t.text.equals("and") || t.text.equals("or") || t.text.equals("not"))) {
                        throw error(t, "expected a column, a number or a quoted string, found the keyword '" + t.text
                                + "' (quote a column of that name in back quotes)");
                    }
                    pos++;
                    Ref at = new Ref(ruleName, lineNo, t.col);
                    firstUse.putIfAbsent(t.text, at);
                    if (!columns.contains(t.text)) {
                        columns.add(t.text);
                    }
                    return new Operand(t.text, Double.NaN, null, at);
                }
                default -> throw error(t, "expected a column, a number or a quoted string, found " + t.shown());
            }
        }

        /** Gives every column a type: text when compared with a string (or a text column), else numeric. */
        private void settleTypes() {
            Map<String, ColumnType> found = new HashMap<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Pending p : pending) {
                    boolean text = isText(p.l, found) || isText(p.r, found);
                    if (text) {
                        for (Operand o : List.of(p.l, p.r)) {
                            if (o.isColumn() && found.putIfAbsent(o.column, ColumnType.STRING) == null) {
                                changed = true;
                            }
                        }
                    }
                }
            }
            for (Pending p : pending) {
                boolean lt = isText(p.l, found);
                boolean rt = isText(p.r, found);
                Ref at = p.at;
                if (lt != rt) {
                    Operand num = lt ? p.r : p.l;
                    throw new RuleSyntaxException(source, at.line, at.col, "rule '" + at.rule + "' compares text with "
                            + (num.isColumn() ? "column '" + num.column + "', which other comparisons use as a number"
                            : "the number " + BadInputException.quote(Double.toString(num.number)))
                            + ": expected a quoted string or a text column");
                }
                Op op = switch (p.op) {
                    case "==", "=" -> Op.EQ;
                    case "!=" -> Op.NE;
                    case "<" -> Op.LT;
                    case "<=" -> Op.LE;
                    case ">" -> Op.GT;
                    case ">=" -> Op.GE;
                    default -> throw new IllegalStateException(p.op);
                };
                if (lt) {
                    if (op != Op.EQ && op != Op.NE) {
                        throw new RuleSyntaxException(source, at.line, at.col, "text is compared with '" + p.op
                                + "': expected == or != (only numbers are ordered)");
                    }
                    p.slot[0] = new TextCompare(p.l, op == Op.EQ, p.r);
                } else {
                    p.slot[0] = new NumCompare(p.l, op, p.r);
                }
            }
            for (Map.Entry<String, Ref> use : firstUse.entrySet().stream()
                    .sorted((a, b) -> a.getValue().line != b.getValue().line
                            ? Integer.compare(a.getValue().line, b.getValue().line)
                            : Integer.compare(a.getValue().col, b.getValue().col)).toList()) {
                types.put(use.getKey(), found.getOrDefault(use.getKey(), ColumnType.DOUBLE));
            }
        }

        private static boolean isText(Operand o, Map<String, ColumnType> found) {
            return o.isColumn() ? found.get(o.column) == ColumnType.STRING : o.text != null;
        }

        private boolean isKeyword(String k) {
            Token t = peek();
            return t.kind == Kind.NAME && t.text.equals(k);
        }

        private Token peek() {
            return tokens.get(pos);
        }

        private Token expect(Kind kind, String what) {
            Token t = peek();
            if (t.kind != kind) {
                throw error(t, "expected " + what + ", found " + t.shown());
            }
            pos++;
            return t;
        }

        private RuleSyntaxException error(Token t, String what) {
            return new RuleSyntaxException(source, lineNo, t.col, what);
        }

        private List<Token> tokenize(String line) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                int col = i + 1;
                if (c == '#') {
                    break;
                }
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == ':' || c == ',') {
                    out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : c == ':' ? Kind.COLON : Kind.COMMA,
                            String.valueOf(c), col));
                    i++;
                } else if (c == '-' && i + 1 < n && line.charAt(i + 1) == '>') {
                    out.add(new Token(Kind.ARROW, "->", col));
                    i += 2;
                } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                    boolean two = i + 1 < n && line.charAt(i + 1) == '=';
                    String op = line.substring(i, i + (two ? 2 : 1));
                    if (op.equals("!")) {
                        throw new RuleSyntaxException(source, lineNo, col, "expected '!=' or 'not', found '!'");
                    }
                    out.add(new Token(Kind.OP, op, col));
                    i += op.length();
                } else if (c == '\'' || c == '"') {
                    int end = line.indexOf(c, i + 1);
                    if (end < 0) {
                        throw new RuleSyntaxException(source, lineNo, col, "expected a closing " + c + " for the string "
                                + "starting here, found the end of the line");
                    }
                    out.add(new Token(Kind.STRING, line.substring(i + 1, end), col));
                    i = end + 1;
                } else if (c == '`') {
                    int end = line.indexOf('`', i + 1);
                    if (end < 0 || end == i + 1) {
                        throw new RuleSyntaxException(source, lineNo, col, "expected a column name in back quotes, "
                                + (end < 0 ? "found no closing `" : "found ``"));
                    }
                    out.add(new Token(Kind.QUOTED_NAME, line.substring(i + 1, end), col));
                    i = end + 1;
                } else if (Character.isDigit(c) || c == '.' || c == '-' || c == '+') {
                    int j = i + (c == '-' || c == '+' ? 1 : 0);
                    int digitsStart = j;
                    while (j < n && (Character.isDigit(line.charAt(j)) || line.charAt(j) == '.')) {
                        j++;
                    }
                    if (j < n && j > digitsStart && (line.charAt(j) == 'e' || line.charAt(j) == 'E')) {
                        int k = j + 1;
                        if (k < n && (line.charAt(k) == '+' || line.charAt(k) == '-')) {
                            k++;
                        }
                        int expStart = k;
                        while (k < n && Character.isDigit(line.charAt(k))) {
                            k++;
                        }
                        if (k > expStart) {
                            j = k;
                        }
                    }
                    String num = line.substring(i, j);
                    if (j < n && isNameChar(line.charAt(j))) {
                        while (j < n && isNameChar(line.charAt(j))) {
                            j++;
                        }
                        num = line.substring(i, j);
                    }
                    try {
                        double v = Double.parseDouble(num);
                        if (!Double.isFinite(v) || num.endsWith("d") || num.endsWith("f") || num.endsWith("D")
                                || num.endsWith("F")) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw new RuleSyntaxException(source, lineNo, col, "expected a number like 26, -0.5 or 1e-3, found "
                                + BadInputException.quote(num));
                    }
                    out.add(new Token(Kind.NUMBER, num, col));
                    i = j;
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i + 1;
                    while (j < n && isNameChar(line.charAt(j))) {
                        j++;
                    }
                    out.add(new Token(Kind.NAME, line.substring(i, j), col));
                    i = j;
                } else {
                    throw new RuleSyntaxException(source, lineNo, col, "expected a column, a number, a quoted string, "
                            + "an operator or a parenthesis, found " + BadInputException.quote(String.valueOf(c)));
                }
            }
            out.add(new Token(Kind.END, "", n + 1));
            return out;
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.';
        }
    }

    /** A comparison whose concrete node is filled in when the column types are settled. */
    private record Indirect(Node[] slot) implements Node {
        @Override
        public void eval(Map<String, Object> data, int from, int len, boolean[] out) {
            slot[0].eval(data, from, len, out);
        }
    }
}
