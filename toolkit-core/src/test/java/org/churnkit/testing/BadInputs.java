package org.churnkit.testing;

import java.util.List;

/**
 * The bad transaction logs every reader and the CLI must reject with a located message. Shared by
 * the library's and the command line's tests (the CLI module has the core test-jar).
 */
public final class BadInputs {
    private BadInputs() {}

    /**
     * One case.
     *
     * @param words substrings the message must contain, separated by {@code |}
     */
    public record Case(String name, String content, long line, String column, String words) {}

    private static final String H = "customer_id,date,amount\n";

    public static List<Case> cases() {
        return List.of(
                new Case("missing column", "customer_id,day,amount\na,2020-01-01,1\n", 1, "date", "missing|[customer_id, day, amount]"),
                new Case("unparsable date", H + "a,2020-01-01,1\nb,2020-02-30,2\n", 3, "date", "expected|'2020-02-30'"),
                new Case("unparsable amount", H + "a,2020-01-01,1\nb,2020-01-02,12,50\n", 3, null, "expected 3 fields"),
                new Case("text amount", H + "a,2020-01-01,1\nb,2020-01-02,twelve\n", 3, "amount", "expected an amount|'twelve'"),
                new Case("empty file", "", 1, null, "empty"),
                new Case("header only", H, 2, null, "no transactions"),
                new Case("duplicated header", "customer_id,date,date,amount\na,2020-01-01,2020-01-01,1\n", 1, "date", "twice"),
                new Case("bom and crlf with bad amount", "\uFEFF" + H.replace("\n", "\r\n") + "a,2020-01-01,-1\r\n", 2, "amount", ">= 0|--allow-negative-amounts"),
                new Case("quoted field with bad date", H + "\"a, quoted\",\"01.01.2020\",1\n", 2, "date", "'01.01.2020'"),
                new Case("nan amount", H + "a,2020-01-01,NaN\n", 2, "amount", "'NaN'|--allow-missing-amounts"),
                new Case("empty amount", H + "a,2020-01-01,\n", 2, "amount", "empty field"),
                new Case("negative amount", H + "a,2020-01-01,5\na,2020-01-02,-5\n", 3, "amount", "-5|--allow-negative-amounts"),
                new Case("empty customer", H + ",2020-01-01,5\n", 2, "customer_id", "customer id"),
                new Case("after observation end", H + "a,2020-01-01,5\na,2021-01-01,5\n", 3, "date", "after the observation end 2020-12-31|--drop-after-end"));
    }
}
