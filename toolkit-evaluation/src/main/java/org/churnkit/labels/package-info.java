/**
 * Labels you can trust: label audit and weak supervision for the supervised side of the toolkit.
 *
 * <p>Label audit: out-of-sample probabilities for every row
 * ({@link org.churnkit.labels.OutOfSample}: approximate or exact leave-one-out for the logistic
 * model {@link org.churnkit.labels.AuditLogit}, stratified K-fold for any
 * {@link org.churnkit.labels.AuditTrainer}), confident-learning flags ranked for review with the
 * reason and per-label noise-rate estimates ({@link org.churnkit.labels.LabelAudit}), and the
 * out-of-time effect of removing or down-weighting the flagged rows on AUC and EMPC
 * ({@link org.churnkit.labels.CleaningEffect}).
 *
 * <p>Weak supervision:
 * <ul>
 *   <li>Labelling functions: {@link org.churnkit.labels.LabellingFunction} (a Java interface) and
 *       {@link org.churnkit.labels.RuleSet} (rules written as text, e.g.
 *       {@code no_repeat: frequency == 0 and recency > 26 -> churned}), evaluated into
 *       {@link org.churnkit.labels.Votes} with each rule's coverage, overlaps and conflicts.</li>
 *   <li>The label model: {@link org.churnkit.labels.LabelModel}, Dawid-Skene EM with abstains and
 *       jointly modelled groups of dependent rules; P(label) per row and each rule's estimated
 *       accuracy, compared with the majority vote.</li>
 *   <li>Training with probabilistic labels: {@link org.churnkit.labels.SoftLabels} (each row as two
 *       weighted rows, or the confidence as a sample weight) for
 *       {@link org.churnkit.cost.CsLogit}.</li>
 * </ul>
 *
 * <p>Conventions: labels are 0 and 1 (1 = churned for churn data); rows are 0-based in the API and
 * 1-based in files; invalid input throws, naming the row; NaN never leaves a method.
 */
package org.churnkit.labels;
