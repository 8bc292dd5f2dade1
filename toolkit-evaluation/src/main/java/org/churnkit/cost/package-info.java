/**
 * Value-weighted cost functions for churn: profit metrics, cost-sensitive losses and models, and
 * profit-optimal targeting (spec: {@code shared/specs/cost-functions.md}).
 *
 * <ul>
 *   <li>ROC: {@link org.churnkit.cost.RocCurve} (tie-grouped), {@link org.churnkit.cost.RocConvexHull}.</li>
 *   <li>Profit metrics: {@link org.churnkit.cost.Empc} (EMPC and MP at the mean acceptance),
 *       {@link org.churnkit.cost.Mpc}, {@link org.churnkit.cost.EmpIndividual} (EMP with individual
 *       values), {@link org.churnkit.cost.Empb}, {@link org.churnkit.cost.Auepc},
 *       {@link org.churnkit.cost.ProfitCurve}, {@link org.churnkit.cost.Lift}.</li>
 *   <li>Costs: {@link org.churnkit.cost.CostMatrix} (with the Verbraken and Bahnsen churn framings),
 *       {@link org.churnkit.cost.CostMetrics} (cost, expected cost, expected log cost, savings),
 *       {@link org.churnkit.cost.BayesMinimumRisk}, {@link org.churnkit.cost.ValueWeighted}
 *       (weighted AUC and log-loss).</li>
 *   <li>Training: {@link org.churnkit.cost.CsLogit}, {@link org.churnkit.cost.Objectives} (AEC
 *       gradient/Hessian for boosting), {@code org.churnkit.baseline.GradientBoostedBaseline} (module toolkit-learn).</li>
 *   <li>Targeting: {@link org.churnkit.cost.Targeting}.</li>
 * </ul>
 *
 * <p>Conventions: label 1 = churner; higher score = more likely to churn; customers with equal
 * scores are always targeted together; invalid input throws, NaN never leaves a method.
 */
package org.churnkit.cost;
