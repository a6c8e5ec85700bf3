/**
 * Validation of CG models against atomistic structure (DESIGN §1.5): per-distribution metrics and verdicts
 * ({@link io.cgflow.validate.DistributionComparison}), the CG run's thermodynamics, the system report
 * ({@link io.cgflow.validate.SystemValidation}, {@link io.cgflow.validate.HtmlReport}) and the campaign report
 * ({@link io.cgflow.validate.CampaignReport}).
 */
package io.cgflow.validate;
