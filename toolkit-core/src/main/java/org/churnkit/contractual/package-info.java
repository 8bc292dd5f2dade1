/**
 * Contractual churn: subscribers whose cancellation is observed, renewing (or not) at the end of
 * each discrete period (a month, a year).
 *
 * <h2>Conventions (every class uses them)</h2>
 * <ul>
 *   <li>A subscriber's lifetime {@code T} is the number of periods paid for: acquired at the
 *       start of period 1, they renew at the end of periods 1, ..., T - 1 and cancel at the end of
 *       period {@code T}. The survivor function {@code S(t) = P(T > t)} is the share still
 *       subscribed after the renewal decision at the end of period {@code t}; {@code S(0) = 1}.</li>
 *   <li>{@link org.churnkit.contractual.SubscriberHistories}: per subscriber the <b>periods</b>
 *       {@code t >= 1} paid for so far (the tenure) and whether they <b>cancelled</b> at the end of
 *       period {@code t} ({@code T = t}) or are still active ({@code T >= t}, right-censored: the
 *       renewal decision at the end of period {@code t} is not yet known).</li>
 *   <li>{@link org.churnkit.contractual.SurvivorCurve}: a cohort's survivors at the end of periods
 *       0..n, the form of Fader and Hardie (2007); {@code toHistories()} turns it into the
 *       equivalent subscribers (churners in period {@code t}: {@code (t, cancelled)}; survivors at
 *       the end of period {@code n}: {@code (n + 1, active)}), so that both forms have one
 *       likelihood.</li>
 *   <li>Retention rate {@code r(t) = S(t) / S(t - 1)}: the share of those active in period
 *       {@code t} who renew at its end; {@code P(renewal | tenure n) = r(n)}.</li>
 *   <li>Discounting ({@link org.churnkit.contractual.DiscountRate}): a payment one period ahead is
 *       worth {@code 1 / (1 + d)}. {@code DEL = sum_{t>=0} S(t) / (1+d)^t} counts the first
 *       period's payment (Fader and Hardie 2010, eq. 5); {@code DERL(n)} of a subscriber in period
 *       {@code n} counts the payments from period {@code n + 1} on,
 *       {@code sum_{t>=n} S(t) / S(n-1) / (1+d)^(t-n+1)} (their eq. 6, "n - 1 renewals"), so
 *       {@code DERL(1) = DEL - 1}. Residual value = margin x price x DERL.</li>
 * </ul>
 *
 * <h2>Models</h2>
 * <ul>
 *   <li>{@link org.churnkit.contractual.ShiftedBetaGeometric} (sBG; Fader and Hardie 2007, "How to
 *       project customer retention", Journal of Interactive Marketing 21(1)): a constant churn
 *       probability {@code theta ~ Beta(gamma, delta)} per subscriber.</li>
 *   <li>{@link org.churnkit.contractual.BetaDiscreteWeibull} (BdW; Fader, Hardie, Liu, Davin and
 *       Steenburgh 2018, "How to project customer retention revisited: the role of duration
 *       dependence", Journal of Interactive Marketing 43): {@code P(T > t | theta) = (1 -
 *       theta)^(t^c)}; {@code c = 1} is the sBG, {@code c < 1} churn that falls with tenure,
 *       {@code c > 1} churn that rises.</li>
 * </ul>
 * {@link org.churnkit.contractual.ContractualFitter} fits them by maximum likelihood from either
 * data form (standard errors, intervals and a diagnosis in a {@link org.churnkit.model.FitSummary},
 * the same record the transaction models use); {@link org.churnkit.contractual.LikelihoodRatio}
 * compares the nested pair; {@link org.churnkit.contractual.ContractualSimulator} draws data from
 * either model. {@link org.churnkit.contractual.SubscriberIntervals} gives the scores of
 * {@link org.churnkit.contractual.SubscriberScoring} their intervals (estimation uncertainty, from
 * asymptotic draws or a bootstrap) and {@link org.churnkit.contractual.RenewalDistribution} the
 * spread of what a subscriber will actually pay.
 */
package org.churnkit.contractual;
