package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Covariate data, model files, scoring checks, constraints and penalties. */
class StaticCovariateModelTest {

    @TempDir
    Path dir;

    /** 4000 customers with ids c0.., a binary and a continuous covariate, Pareto/NBD with known effects. */
    static Histories histories(Covariates[] out) {
        int n = 4000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(99);
        double[][] z = new double[2][n];
        double[] ages = new double[n];
        double[] alphas = new double[n];
        double[] betas = new double[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            z[0][i] = rng.nextInt(2);
            z[1][i] = 10 + 5 * rng.nextDouble();
            ages[i] = 30 + 30 * rng.nextDouble();
            alphas[i] = 8 * Math.exp(-0.7 * z[0][i] + 0.1 * (z[1][i] - 12.5));
            betas[i] = 10 * Math.exp(-0.5 * z[0][i]);
        }
        Histories h = ParetoNbdSimulator.simulateHistories(0.9, alphas, 0.8, betas, ages, rng).withIds(ids);
        out[0] = Covariates.of(List.of("web", "age"), z).withIds(ids);
        return h;
    }

    @Test
    void modelFileRoundTripsAndPredictsTheSame() {
        Covariates[] c = new Covariates[1];
        Histories h = histories(c);
        Covariates std = c[0].standardised();
        StaticCovariateFit fit = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, std,
                StaticCovariateFitter.Options.of(List.of("web", "age"), List.of("web")));
        assertTrue(fit.converged(), fit.message());
        StaticCovariateModel m = fit.model();
        // The recorded transform is the standardisation: raw covariates score the same as standardised ones.
        assertArrayEquals(std.centres(), new double[] {m.transform("web")[0], m.transform("age")[0]}, 0.0);
        Path file = dir.resolve("model.json");
        m.write(file);
        StaticCovariateModel back = StaticCovariateModel.read(file);
        assertEquals(m.purchaseCovariates(), back.purchaseCovariates());
        assertArrayEquals(m.purchaseCoefficients(), back.purchaseCoefficients(), 0.0);
        assertArrayEquals(m.dropoutCoefficients(), back.dropoutCoefficients(), 0.0);
        assertArrayEquals(m.plainModel().parameterArray(), back.plainModel().parameterArray(), 0.0);
        double[] p1 = m.pAlive(h, c[0]);
        assertArrayEquals(p1, back.pAlive(h, c[0]), 0.0);
        assertArrayEquals(p1, m.pAlive(h, std), 0.0);
        assertArrayEquals(m.expectedTransactions(h, c[0], 52), back.expectedTransactions(h, c[0], 52), 0.0);
        // A covariate effect shows: web customers (purchase coefficient ~0.7 on the raw scale) buy more.
        assertTrue(fit.estimate("purchase:web").estimate() > 0, fit.estimates().toString());
        // The plain reader refuses it rather than scoring without the covariates.
        BadInputException e = assertThrows(BadInputException.class, () -> ModelFiles.read(file));
        assertTrue(e.getMessage().contains("covariates"), e.getMessage());
    }

    @Test
    void aPlainModelFileLoadsAsAModelWithoutCovariates() throws IOException {
        ParetoNbd plain = ParetoNbd.of(0.55, 10.6, 0.61, 11.7);
        Path file = dir.resolve("plain.json");
        ModelFiles.write(plain, file);
        StaticCovariateModel m = StaticCovariateModel.read(file);
        assertEquals(List.of(), m.covariateNames());
        Covariates[] c = new Covariates[1];
        Histories h = histories(c);
        assertArrayEquals(plain.pAlive(h), m.pAlive(h, Covariates.none(h.size())), 0.0);
        assertArrayEquals(plain.pAlive(h), m.pAlive(h, c[0]), 0.0);
        assertTrue(Files.readString(file).contains("pareto-nbd"));
    }

    @Test
    void scoringRefusesCustomersWithoutCovariatesNamingThem() {
        Covariates[] c = new Covariates[1];
        Histories h = histories(c);
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(1, 8, 1, 10), List.of("web"), new double[] {0.5},
                List.of("age"), new double[] {0.1}, null);
        ChurnkitException missing = assertThrows(ChurnkitException.class, () -> m.pAlive(h, c[0].select(List.of("web"))));
        assertTrue(missing.getMessage().contains("'age'"), missing.getMessage());
        String[] fewer = new String[h.size()];
        for (int i = 0; i < fewer.length; i++) {
            fewer[i] = i == 17 ? "somebody-else" : "c" + i;
        }
        ChurnkitException noRow = assertThrows(ChurnkitException.class, () -> m.pAlive(h, c[0].withIds(fewer)));
        assertTrue(noRow.getMessage().contains("'c17'"), noRow.getMessage());
    }

    @Test
    void categoricalColumnsBecomeIndicatorsWithAStatedReference() throws IOException {
        Path f = dir.resolve("cov.csv");
        Files.writeString(f, "Id,channel,spend\na,web,1.5\nb,store,2\nc,phone,3\nd,web,4\n");
        Covariates c = Covariates.read(f, "Id", Map.of());
        assertEquals(List.of("channel=store", "channel=web", "spend"), c.names());
        assertTrue(c.notes().get(0).contains("reference level 'phone'"), c.notes().toString());
        assertEquals(1.0, c.value(1, 0));
        assertEquals(0.0, c.value(2, 1));
        Covariates s = Covariates.read(f, "Id", Map.of("channel", "web"));
        assertEquals(List.of("channel=phone", "channel=store", "spend"), s.names());
        BadInputException e = assertThrows(BadInputException.class, () -> Covariates.read(f, "Id", Map.of("channel", "fax")));
        assertTrue(e.getMessage().contains("fax"), e.getMessage());
        Covariates st = c.standardised();
        assertEquals(2.625, st.centres()[2], 1e-12);
        assertEquals(0.0, (st.value(0, 2) + st.value(1, 2) + st.value(2, 2) + st.value(3, 2)), 1e-12);
    }

    @Test
    void scoringFilesAreCodedByTheLevelsTheModelWasFittedWith() throws IOException {
        // Fitting data: levels phone (reference), store, web. 600 customers so the fit is quick.
        int n = 600;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
        String[] levels = {"phone", "store", "web"};
        String[] ids = new String[n];
        String[] level = new String[n];
        double[] alphas = new double[n];
        double[] betas = new double[n];
        double[] ages = new double[n];
        StringBuilder csv = new StringBuilder("Id,channel\n");
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            level[i] = levels[i % 3];
            alphas[i] = 6 * Math.exp(-0.8 * (i % 3 == 2 ? 1 : 0));
            betas[i] = 9;
            ages[i] = 40;
            csv.append(ids[i]).append(',').append(level[i]).append('\n');
        }
        Histories h = ParetoNbdSimulator.simulateHistories(0.9, alphas, 0.8, betas, ages, rng).withIds(ids);
        Path fitFile = dir.resolve("fit-cov.csv");
        Files.writeString(fitFile, csv);
        Covariates fc = Covariates.read(fitFile, "Id", Map.of());
        StaticCovariateFit fit = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, fc,
                StaticCovariateFitter.Options.of(List.of("channel=store", "channel=web"), List.of()));
        StaticCovariateModel m = StaticCovariateModel.parse(fit.model().toJson(), "model");
        assertEquals(Map.of("channel", "phone"), m.referenceLevels());
        assertEquals(fit.model(), m);

        // A scoring file without the reference level (and without 'store'): read on its own it would
        // take 'web' as the reference; coded by the model's levels it scores like the fitting file.
        Path webOnly = dir.resolve("web.csv");
        Files.writeString(webOnly, "Id,channel\nc2,web\nc5,web\n");
        Histories two = Histories.of(new double[] {h.frequency(2), h.frequency(5)}, new double[] {h.recency(2), h.recency(5)},
                new double[] {h.age(2), h.age(5)}, null, null, new String[] {"c2", "c5"});
        double[] p = m.pAlive(two, m.readCovariates(webOnly, "Id"));
        double[] all = m.pAlive(h, fc);
        assertEquals(all[2], p[0], 0.0);
        assertEquals(all[5], p[1], 0.0);
        assertThrows(ChurnkitException.class, () -> m.pAlive(two, Covariates.read(webOnly, "Id", Map.of())),
                "read without the model's levels, the file lacks the indicator the model needs");

        // A level the model never saw is an error naming the customer, not a silent reference level.
        Path unseen = dir.resolve("unseen.csv");
        Files.writeString(unseen, "Id,channel\nc2,web\nc5,fax\n");
        BadInputException e = assertThrows(BadInputException.class, () -> m.readCovariates(unseen, "Id"));
        assertTrue(e.getMessage().contains("'c5'") && e.getMessage().contains("'fax'"), e.getMessage());

        // A level the fitting data held but the model does not use (only channel=web chosen) is scored
        // as it was fitted, as the reference; only a level never seen is refused.
        StaticCovariateModel webOnlyModel = StaticCovariateModel.parse(StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD,
                h, fc, StaticCovariateFitter.Options.of(List.of("channel=web"), List.of())).model().toJson(), "model");
        Path store = dir.resolve("store.csv");
        Files.writeString(store, "Id,channel\nc1,store\nc2,web\n");
        assertEquals(List.of("channel=store", "channel=web"), webOnlyModel.readCovariates(store, "Id").names());
        assertThrows(BadInputException.class, () -> webOnlyModel.readCovariates(unseen, "Id"));

        // A file written before reference levels were recorded still loads and reads as before.
        String old = fit.model().toJson().replaceAll(",\\s*\"reference_levels\"\\s*:\\s*\\{[^}]*\\}", "");
        StaticCovariateModel oldModel = StaticCovariateModel.parse(old, "old model");
        assertTrue(oldModel.referenceLevels().isEmpty(), old);
        assertEquals(List.of("channel=store", "channel=web"), oldModel.readCovariates(fitFile, "Id").names());
    }

    @Test
    void equalityConstraintsShareOneCoefficientAndPenaltiesShrink() {
        Covariates[] c = new Covariates[1];
        Histories h = histories(c);
        StaticCovariateFitter.Options o = StaticCovariateFitter.Options.of(List.of("web"), List.of("web"))
                .withEqual(List.of("web"));
        StaticCovariateFit fit = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, c[0], o);
        assertEquals(5, fit.estimates().size());
        double g = fit.estimate("purchase=dropout:web").estimate();
        assertEquals(g, fit.model().purchaseCoefficients()[0], 0.0);
        assertEquals(g, fit.model().dropoutCoefficients()[0], 0.0);
        // Free coefficients fit at least as well as constrained ones.
        StaticCovariateFit free = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, c[0],
                StaticCovariateFitter.Options.of(List.of("web"), List.of("web")));
        assertTrue(free.logLikelihood() >= fit.logLikelihood() - 1e-6);
        StaticCovariateFit shrunk = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, h, c[0],
                StaticCovariateFitter.Options.of(List.of("web"), List.of("web")).withPenalty(1e6, 1e6));
        assertTrue(Math.abs(shrunk.estimate("purchase:web").estimate()) < 1e-3, shrunk.estimates().toString());
        assertTrue(shrunk.penalty() > 0 && shrunk.penalty() < 1, "penalty " + shrunk.penalty());
        assertTrue(shrunk.logLikelihood() < free.logLikelihood());
        assertThrows(IllegalArgumentException.class, () -> StaticCovariateFitter.Options.of(List.of("web"), List.of())
                .withEqual(List.of("web")));
    }
}
