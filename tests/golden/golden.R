# Reference values for tests/test_survival_golden.py, computed with R's survival and cmprsk.
#
# Reads the CSV files in tests/golden/inputs/ (written by make_inputs.py) and writes one CSV per
# analysis into tests/golden/r_output/, every number at full double precision (%.17g).
# Run from the repository root:  Rscript tests/golden/golden.R
# See tests/golden/README.md for the versions used and the meaning of each file.

suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/golden"
inputs <- file.path(here, "inputs")
outdir <- file.path(here, "r_output")
dir.create(outdir, showWarnings = FALSE)

read_input <- function(name) read.csv(file.path(inputs, paste0(name, ".csv")),
                                      stringsAsFactors = FALSE, check.names = FALSE)

full_precision <- function(df) {
  df[] <- lapply(df, function(col) if (is.numeric(col)) sprintf("%.17g", col) else col)
  df
}

write_output <- function(df, name) {
  write.csv(full_precision(df), file.path(outdir, paste0(name, ".csv")),
            row.names = FALSE, na = "NA")
}

rossi <- read_input("rossi")
lung <- read_input("lung")
waltons <- read_input("waltons")
gbsg2 <- read_input("gbsg2")
senators <- read_input("senators")

# ---------------------------------------------------------------- Kaplan-Meier (survfit)
strata_labels <- function(fit) {
  if (is.null(fit$strata)) return(rep("all", length(fit$time)))
  rep(sub("^[^=]*=", "", names(fit$strata)), fit$strata)
}

km_table <- function(fit) {
  data.frame(group = strata_labels(fit), time = fit$time, n_risk = fit$n.risk,
             n_event = fit$n.event, n_censor = fit$n.censor, surv = fit$surv,
             std_err = fit$std.err, logse = fit$logse, lower = fit$lower, upper = fit$upper)
}

median_table <- function(fit, name) {
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  groups <- if (is.null(fit$strata)) "all" else sub("^[^=]*=", "", names(fit$strata))
  lcl <- grep("LCL$", colnames(tab))
  ucl <- grep("UCL$", colnames(tab))
  data.frame(fit = name, group = groups, median = tab[, "median"],
             lower = tab[, lcl], upper = tab[, ucl])
}

km_fits <- list(
  km_rossi = survfit(Surv(week, arrest) ~ 1, data = rossi, conf.type = "log-log"),
  km_rossi_fin = survfit(Surv(week, arrest) ~ fin, data = rossi, conf.type = "log-log"),
  km_lung_sex = survfit(Surv(time, status) ~ sex, data = lung, conf.type = "log-log"),
  km_lung_log = survfit(Surv(time, status) ~ 1, data = lung, conf.type = "log"),
  km_lung_plain90 = survfit(Surv(time, status) ~ 1, data = lung, conf.type = "plain",
                            conf.int = 0.90),
  km_waltons_group = survfit(Surv(T, E) ~ group, data = waltons, conf.type = "log-log"),
  km_gbsg2_horth = survfit(Surv(time, cens) ~ horTh, data = gbsg2, conf.type = "log-log"),
  # non-integer case weights: R uses the infinitesimal-jackknife (robust) variance
  km_rossi_fin_ipw = survfit(Surv(week, arrest) ~ fin, data = rossi, weights = ipw,
                             conf.type = "log-log"),
  # the same weights with the Greenwood formula on weighted counts
  km_rossi_fin_ipw_greenwood = survfit(Surv(week, arrest) ~ fin, data = rossi, weights = ipw,
                                       conf.type = "log-log", robust = FALSE)
)
medians <- NULL
for (name in names(km_fits)) {
  write_output(km_table(km_fits[[name]]), name)
  medians <- rbind(medians, median_table(km_fits[[name]], name))
}
write_output(medians, "km_medians")

# survival at chosen times (summary.survfit(times=)), including times between events
at_times <- c(0, 5, 100, 183, 365.25, 500, 750)
s <- summary(km_fits$km_lung_sex, times = at_times, extend = TRUE)
write_output(data.frame(group = sub("^[^=]*=", "", as.character(s$strata)), time = s$time,
                        surv = s$surv, lower = s$lower, upper = s$upper), "km_lung_sex_at")

# ---------------------------------------------------------------- log-rank (survdiff)
logrank_row <- function(sd, name) {
  df <- sum(sd$exp > 0) - 1
  if (is.matrix(sd$exp)) df <- sum(rowSums(sd$exp) > 0) - 1
  data.frame(test = name, statistic = sd$chisq, df = df,
             p_value = pchisq(sd$chisq, df, lower.tail = FALSE))
}
logranks <- rbind(
  logrank_row(survdiff(Surv(week, arrest) ~ fin, data = rossi), "rossi_fin"),
  logrank_row(survdiff(Surv(T, E) ~ group, data = waltons), "waltons_group"),
  logrank_row(survdiff(Surv(time, status) ~ ph.ecog, data = lung), "lung_ecog"),
  logrank_row(survdiff(Surv(time, cens) ~ tgrade, data = gbsg2), "gbsg2_tgrade"),
  logrank_row(survdiff(Surv(week, arrest) ~ fin + strata(race), data = rossi),
              "rossi_fin_strata_race"),
  logrank_row(survdiff(Surv(time, cens) ~ tgrade + strata(menostat, horTh), data = gbsg2),
              "gbsg2_tgrade_strata")
)
write_output(logranks, "logrank")

# ---------------------------------------------------------------- Cox models (coxph, cox.zph)
rossi_all <- Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio
gbsg2$tgrade <- factor(gbsg2$tgrade, levels = c("I", "II", "III"))
cox_fits <- list(
  cox_rossi_efron = coxph(rossi_all, data = rossi, ties = "efron"),
  cox_rossi_breslow = coxph(rossi_all, data = rossi, ties = "breslow"),
  cox_rossi_strata_efron = coxph(Surv(week, arrest) ~ fin + age + prio + strata(wexp, race),
                                 data = rossi, ties = "efron"),
  cox_rossi_strata_breslow = coxph(Surv(week, arrest) ~ fin + age + prio + strata(wexp, race),
                                   data = rossi, ties = "breslow"),
  cox_rossi_ipw_efron = coxph(Surv(week, arrest) ~ fin + age + prio, data = rossi,
                              weights = ipw, robust = TRUE, ties = "efron"),
  cox_rossi_ipw_breslow = coxph(Surv(week, arrest) ~ fin + age + prio, data = rossi,
                                weights = ipw, robust = TRUE, ties = "breslow"),
  cox_rossi_ipw_naive = coxph(Surv(week, arrest) ~ fin + age + prio, data = rossi,
                              weights = ipw, robust = FALSE, ties = "efron"),
  cox_rossi_cluster_efron = coxph(Surv(week, arrest) ~ fin + prio + wexp, data = rossi,
                                  cluster = age, ties = "efron"),
  cox_rossi_cluster_breslow = coxph(Surv(week, arrest) ~ fin + prio + wexp, data = rossi,
                                    cluster = age, ties = "breslow"),
  cox_gbsg2_efron = coxph(Surv(time, cens) ~ horTh + age + menostat + tsize + tgrade +
                            pnodes + progrec + estrec, data = gbsg2, ties = "efron"),
  cox_gbsg2_strata_breslow = coxph(Surv(time, cens) ~ age + tsize + tgrade + pnodes +
                                     progrec + strata(horTh), data = gbsg2, ties = "breslow"),
  # aliased columns: nofin = 1 - fin, and wexp constant within strata(wexp); R gives them NA
  cox_rossi_aliased_efron = coxph(Surv(week, arrest) ~ fin + age + nofin + prio, data = rossi,
                                  ties = "efron"),
  cox_rossi_aliased_strata_breslow = coxph(Surv(week, arrest) ~ fin + age + wexp + prio + strata(wexp),
                                           data = rossi, ties = "breslow")
)
coefs <- NULL
zph <- NULL
for (name in names(cox_fits)) {
  fit <- cox_fits[[name]]
  sm <- summary(fit)$coefficients
  robust <- "robust se" %in% colnames(sm)
  se <- if (robust) sm[, "robust se"] else sm[, "se(coef)"]
  ci <- summary(fit)$conf.int
  coefs <- rbind(coefs, data.frame(
    fit = name, term = rownames(sm), coef = sm[, "coef"], se = se,
    se_naive = sm[, "se(coef)"], z = sm[, "z"], p_value = sm[, "Pr(>|z|)"],
    hr_lower = ci[, "lower .95"], hr_upper = ci[, "upper .95"],
    loglik = fit$loglik[2]))
  tab <- cox.zph(fit, transform = "km")$table
  zph <- rbind(zph, data.frame(fit = name, term = rownames(tab), statistic = tab[, "chisq"],
                               df = tab[, "df"], p_value = tab[, "p"]))
}
write_output(coefs, "cox_coefficients")
write_output(zph, "cox_zph")

# ---------------------------------------------------------------- cumulative incidence (cuminc)
cif_rows <- function(ci, name) {
  out <- NULL
  for (curve in setdiff(names(ci), "Tests")) {
    z <- ci[[curve]]
    after_jump <- seq(3, length(z$time) - 1, by = 2)   # the value each step jumps to
    parts <- strsplit(curve, " ")[[1]]
    out <- rbind(out, data.frame(fit = name, group = parts[1], cause = parts[2],
                                 time = z$time[after_jump], cif = z$est[after_jump],
                                 var = z$var[after_jump]))
  }
  out
}
gray_rows <- function(ci, name) {
  data.frame(fit = name, cause = rownames(ci$Tests), statistic = ci$Tests[, "stat"],
             p_value = ci$Tests[, "pv"], df = ci$Tests[, "df"])
}
ci_years <- cuminc(senators$years, senators$cause, senators$party)
ci_days <- cuminc(senators$days, senators$cause)
ci_years_all <- cuminc(senators$years, senators$cause)
write_output(rbind(cif_rows(ci_years, "senators_years_party"),
                   cif_rows(ci_days, "senators_days"),
                   cif_rows(ci_years_all, "senators_years")), "cuminc")
write_output(gray_rows(ci_years, "senators_years_party"), "cuminc_gray")

# ---------------------------------------------------------------- Fine-Gray (crr)
crr_rows <- function(fit, name) {
  se <- sqrt(diag(fit$var))
  z <- fit$coef / se
  data.frame(fit = name, term = names(fit$coef), coef = fit$coef, se = se, z = z,
             p_value = 2 * pnorm(-abs(z)), shr_lower = exp(fit$coef - qnorm(0.975) * se),
             shr_upper = exp(fit$coef + qnorm(0.975) * se), converged = fit$converged)
}
covs <- as.matrix(senators[, c("liberal", "decade", "quebec")])
party <- model.matrix(~ factor(party, levels = c("conservative", "liberal", "other")) + decade,
                      data = senators)[, -1]
colnames(party) <- c("partyliberal", "partyother", "decade")
write_output(rbind(
  crr_rows(crr(senators$years, senators$cause, covs, failcode = 1), "senators_years_death"),
  crr_rows(crr(senators$years, senators$cause, covs, failcode = 2), "senators_years_retirement"),
  crr_rows(crr(senators$days, senators$cause, covs, failcode = 1), "senators_days_death"),
  crr_rows(crr(senators$years, senators$cause, party, failcode = 3), "senators_years_party_resignation")
), "crr")

# ---------------------------------------------------------------- restricted mean (survmean)
rmst_rows <- function(fit, tau, name) {
  tab <- summary(fit, rmean = tau)$table
  if (is.null(dim(tab))) tab <- t(as.matrix(tab))
  groups <- if (is.null(fit$strata)) "all" else sub("^[^=]*=", "", names(fit$strata))
  data.frame(fit = name, group = groups, horizon = tau, rmst = tab[, "rmean"],
             se = tab[, "se(rmean)"])
}
write_output(rbind(
  rmst_rows(km_fits$km_rossi_fin, 40, "rossi_fin_40"),
  rmst_rows(km_fits$km_rossi_fin, 52, "rossi_fin_52"),
  rmst_rows(km_fits$km_gbsg2_horth, 1500, "gbsg2_horth_1500"),
  rmst_rows(survfit(Surv(time, status) ~ 1, data = lung), 500, "lung_500"),
  rmst_rows(survfit(Surv(time, status) ~ 1, data = lung), 365.5, "lung_365.5")
), "rmst")

writeLines(c(paste("R", paste(R.version$major, R.version$minor, sep = ".")),
             paste("survival", as.character(packageVersion("survival"))),
             paste("cmprsk", as.character(packageVersion("cmprsk")))),
           file.path(outdir, "versions.txt"))
