/**
 * Time-based evaluation of transaction models: holdout validation (per-customer errors, cumulative
 * tracking, calibration frequency histogram, conditional expectations), naive baselines that every
 * model must beat, rolling-origin backtests with a leakage-refusing origin planner, and drift
 * monitoring (parameter drift, population stability index, performance decay).
 *
 * <p>Everything works on primitive arrays, one row per customer; the per-customer work runs on all
 * cores. Results are immutable; SVG charts come from {@link org.churnkit.evaluation.EvaluationCharts}
 * and a self-contained HTML page from {@link org.churnkit.evaluation.BacktestPage}. The test window
 * is always later than every piece of data a model was fitted on (Risselada, Verhoef and Bijmolt
 * 2010: churn models decay within a few periods of their estimation period).
 *
 * <p>A backtest, wired end to end (times in model units, e.g. weeks since the cohort start):
 * <pre>{@code
 * OriginSplits log = OriginSplits.of(customerIndex, time, ids);        // grouped, time-ordered
 * OriginPlan plan = OriginPlan.builder(0, 78).origins(26, 39, 52).horizon(13).build();
 * BacktestResult result = BacktestRunner.of().run(plan, o -> log.at(o, 8),
 *         List.of(Trainer.of("pareto-nbd", h -> fitter.fit(h))));     // baselines are added
 * result.comparison().writeCsv(writer);
 * DriftMonitor.Report drift = DriftMonitor.of().backtest(result).assess();
 * BacktestPage.write("Backtest", result, drift, htmlWriter);
 * }</pre>
 */
package org.churnkit.evaluation;
