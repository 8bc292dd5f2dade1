/**
 * Labels you can trust. Label audit: out-of-sample probabilities for every row
 * ({@link org.churnkit.labels.OutOfSample}: approximate or exact leave-one-out for the logistic
 * model {@link org.churnkit.labels.AuditLogit}, stratified K-fold for any
 * {@link org.churnkit.labels.AuditTrainer}), confident-learning flags ranked for review with the
 * reason and per-label noise-rate estimates ({@link org.churnkit.labels.LabelAudit}), and the
 * out-of-time effect of removing or down-weighting the flagged rows on AUC and EMPC
 * ({@link org.churnkit.labels.CleaningEffect}).
 *
 * <p>Conventions: labels are 0 and 1 (1 = churned for churn data); rows are 0-based in the API and
 * 1-based in files; invalid input throws, naming the row; NaN never leaves a method.
 */
package org.churnkit.labels;
