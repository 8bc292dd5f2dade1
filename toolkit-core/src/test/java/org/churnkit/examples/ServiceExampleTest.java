package org.churnkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.churnkit.model.CustomerScore;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service example runs in a JVM whose class path holds only {@code toolkit-core}'s classes,
 * its runtime dependencies (as Maven resolves them) and the example itself, and prints what the
 * library computes in this JVM.
 */
class ServiceExampleTest {

    @Test
    void scoresOneCustomerWithOnlyTheCoreOnTheClassPath(@TempDir Path dir) throws IOException, InterruptedException {
        ParetoNbd model = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562); // CDNOW, Fader, Hardie and Lee (2005)
        GammaGamma spend = GammaGamma.of(6.25, 3.74, 15.44);
        Path pnbd = dir.resolve("pnbd.json");
        Path gg = dir.resolve("gg.json");
        ModelFiles.write(model, pnbd);
        ModelFiles.write(spend, gg);

        // the example alone, copied out of the test classes
        Path exampleDir = dir.resolve("example");
        Path cls = Path.of(ScoreOneCustomer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("org/churnkit/examples/ScoreOneCustomer.class");
        Files.createDirectories(exampleDir.resolve("org/churnkit/examples"));
        Files.copy(cls, exampleDir.resolve("org/churnkit/examples/ScoreOneCustomer.class"));
        List<String> cp = new ArrayList<>();
        cp.add(Path.of("target", "classes").toAbsolutePath().toString());
        for (String jar : Files.readString(Path.of("target", "runtime-classpath.txt")).strip().split(File.pathSeparator)) {
            assertTrue(!jar.contains("arrow") && !jar.contains("smile") && !jar.contains("junit"), jar);
            cp.add(jar);
        }
        cp.add(exampleDir.toString());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, cp),
                "org.churnkit.examples.ScoreOneCustomer", pnbd.toString(), gg.toString(), "2", "30.43", "38.86", "22.57")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the example finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);

        CustomerScore s = Scoring.of(model, ScoringSettings.of(52).withSpendModel(spend)
                .withAnnualDiscountRate(0.15, 52).withMargin(0.3)).score(2, 30.43, 38.86, 22.57);
        assertEquals(String.format(Locale.ROOT, "p_alive=%s expected_transactions=%s clv=%s",
                s.pAlive(), s.expectedTransactions(), s.clv()), out);
    }
}
