/**
 * Time-based evaluation of transaction models: holdout validation (per-customer errors, cumulative
 * tracking, calibration frequency histogram, conditional expectations), naive baselines that every
 * model must beat, rolling-origin backtests with a leakage-refusing origin planner, and drift
 * monitoring (parameter drift, population stability index, performance decay).
 *
 * <p>Everything works on primitive arrays, one row per customer; the per-customer work runs on all
 * cores. Results are immutable; SVG charts come from {@link org.churnkit.evaluation.EvaluationCharts}.
 * The test window is always later than every piece of data a model was fitted on (Risselada,
 * Verhoef and Bijmolt 2010: churn models decay within a few periods of their estimation period).
 */
package org.churnkit.evaluation;
