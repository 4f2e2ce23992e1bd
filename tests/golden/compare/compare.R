# Reference values for tests/test_compare_golden.py (evalkit.compare), computed in base R
# (glm, weighted.mean, survival::survfit) and nnet::multinom.
#
# Reads inputs/ (written by make_compare_inputs.py) and writes r_output/, every number at full precision.
# Run from the repository root:  Rscript tests/golden/compare/compare.R
# The formulas for balance are cobalt's (its FAQ, "How are standardized mean differences computed"):
# the standardisation factor is computed once on the unweighted data - pooled over all groups for
# the ATE, the focal group's for the ATT - with sample variances (n - 1) for continuous terms and
# p(1 - p) for binary ones; binary terms are raw differences in proportion unless standardised.

suppressPackageStartupMessages({
  library(survival)
  library(nnet)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/golden/compare"
inputs <- file.path(here, "inputs")
outdir <- file.path(here, "r_output")
dir.create(outdir, showWarnings = FALSE)
read_input <- function(name) read.csv(file.path(inputs, paste0(name, ".csv")), stringsAsFactors = FALSE,
                                      check.names = FALSE, colClasses = c(prio_group = "character"))
write_output <- function(df, name) {
  df[] <- lapply(df, function(col) if (is.numeric(col)) sprintf("%.17g", col) else col)
  write.csv(df, file.path(outdir, paste0(name, ".csv")), row.names = FALSE, na = "NA")
}

# ---------------------------------------------------------------- helpers
ate_weights <- function(P, t, stabilise = TRUE, keep = rep(TRUE, length(t))) {
  # P: n x k matrix of propensities (columns in level order); t: integer group 1..k
  w <- 1 / P[cbind(seq_along(t), t)]
  if (stabilise) {
    share <- tabulate(t[keep], ncol(P)) / sum(keep)
    w <- w * share[t]
  }
  ifelse(keep, w, 0)
}
att_weights <- function(P, t, focal, stabilise = TRUE) {
  w <- ifelse(t == focal, 1, P[, focal] / P[cbind(seq_along(t), t)])
  if (stabilise) {
    share <- tabulate(t, ncol(P)) / length(t)
    w <- ifelse(t == focal, 1, w * share[t] / share[focal])
  }
  w
}
# Balance terms: continuous columns as they are, 0/1 columns as one binary term, text columns
# as one indicator per level (two-level text: its second level only).
terms_of <- function(data, covariates) {
  out <- list(); kind <- c()
  for (v in covariates) {
    x <- data[[v]]
    if (is.numeric(x) && length(unique(x)) > 2) { out[[v]] <- x; kind[v] <- "continuous"; next }
    if (is.numeric(x)) { lv <- sort(unique(x)); out[[v]] <- as.numeric(x == lv[2]); kind[v] <- "binary"; next }
    lv <- sort(unique(x))
    use <- if (length(lv) == 2) lv[2] else lv
    for (l in use) { nm <- paste0(v, "=", l); out[[nm]] <- as.numeric(x == l); kind[nm] <- "binary" }
  }
  list(X = as.data.frame(out, check.names = FALSE), kind = kind)
}
balance_table <- function(terms, t, w, pairs, scale_groups, binary = "raw") {
  rows <- list()
  for (nm in names(terms$X)) {
    x <- terms$X[[nm]]; bin <- terms$kind[[nm]] == "binary"
    v <- function(sel) if (bin) mean(x[sel]) * (1 - mean(x[sel])) else var(x[sel])
    s <- sqrt(mean(sapply(scale_groups, function(g) v(t == g))))
    std <- !bin || binary == "std"
    for (p in pairs) {
      a <- t == p[1]; b <- t == p[2]
      d <- mean(x[a]) - mean(x[b])
      dw <- weighted.mean(x[a], w[a]) - weighted.mean(x[b], w[b])
      if (std) { d <- d / s; dw <- dw / s }
      rows[[length(rows) + 1]] <- data.frame(group = p[1], versus = p[2], term = nm, diff_unadjusted = d,
                                             diff_adjusted = dw)
    }
  }
  do.call(rbind, rows)
}
group_means <- function(y, t, w, k) sapply(seq_len(k), function(g) weighted.mean(y[t == g], w[t == g]))

# ---------------------------------------------------------------- rossi: binary treatment wexp
rossi <- read_input("rossi")
rcov <- c("age", "race", "mar", "paro", "prio", "fin", "prio_group")
fit <- glm(wexp ~ age + race + mar + paro + prio + fin + factor(prio_group), family = binomial, data = rossi,
           control = glm.control(epsilon = 1e-14, maxit = 100))
ps <- unname(fitted(fit))
P <- cbind(1 - ps, ps)
t <- rossi$wexp + 1
trim_keep <- ps >= 0.1 & ps <= 0.9
w_ate <- ate_weights(P, t)
truncate <- function(w, t, q) {
  for (g in unique(t)) { cap <- quantile(w[t == g], q, type = 7); w[t == g & w > cap] <- cap }
  w
}
weights <- data.frame(ps = ps, ate = ate_weights(P, t, FALSE), ate_stab = w_ate,
                      att = att_weights(P, t, 2, FALSE), att_stab = att_weights(P, t, 2),
                      ate_trim = ate_weights(P, t, TRUE, trim_keep), ate_trunc = truncate(w_ate, t, 0.95))
write_output(weights, "rossi_weights")

terms <- terms_of(rossi, rcov)
bal <- rbind(
  cbind(estimand = "ATE", binary = "raw", balance_table(terms, t, w_ate, list(c(2, 1)), 1:2)),
  cbind(estimand = "ATE", binary = "std", balance_table(terms, t, w_ate, list(c(2, 1)), 1:2, "std")),
  cbind(estimand = "ATT", binary = "raw", balance_table(terms, t, weights$att_stab, list(c(2, 1)), 2)))
write_output(bal, "rossi_balance")

eff <- function(y, w, estimand) {
  m <- group_means(y, t, w, 2)
  data.frame(estimand = estimand, mean_group = m[2], mean_versus = m[1], estimate = m[2] - m[1], ratio = m[2] / m[1])
}
effects <- rbind(cbind(outcome = "arrest", eff(rossi$arrest, w_ate, "ATE")),
                 cbind(outcome = "arrest", eff(rossi$arrest, weights$att_stab, "ATT")),
                 cbind(outcome = "week", eff(rossi$week, w_ate, "ATE")),
                 cbind(outcome = "arrest_naive", eff(rossi$arrest, rep(1, nrow(rossi)), "ATE")))
write_output(effects, "rossi_effect")

# Bootstrap: the same resamples as evalkit (row numbers in inputs), the propensity refitted in each.
boot <- read_input("rossi_bootstrap")
reps <- sapply(boot, function(rows) {
  d <- rossi[rows, ]
  f <- glm(wexp ~ age + race + mar + paro + prio + fin + factor(prio_group), family = binomial, data = d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
  p <- unname(fitted(f)); tt <- d$wexp + 1
  w <- ate_weights(cbind(1 - p, p), tt)
  m <- sapply(1:2, function(g) weighted.mean(d$arrest[tt == g], w[tt == g]))
  m[2] - m[1]
})
write_output(data.frame(replicate = seq_along(reps), estimate = unname(reps)), "rossi_bootstrap_estimates")

# Weighted Kaplan-Meier (ATE weights) and the RMST up to week 40.
km <- survfit(Surv(week, arrest) ~ wexp, data = cbind(rossi, w = w_ate), weights = w)
times <- c(10, 20, 30, 40, 52)
s <- summary(km, times = times, extend = TRUE)
write_output(data.frame(group = sub("wexp=", "", as.character(s$strata)), time = s$time, surv = s$surv), "rossi_km")
tab <- summary(km, rmean = 40)$table
write_output(data.frame(group = c("0", "1"), rmst = unname(tab[, "rmean"])), "rossi_rmst")

# ---------------------------------------------------------------- gbsg2: three-valued tgrade
gbsg2 <- read.csv(file.path(inputs, "gbsg2.csv"), stringsAsFactors = FALSE)
gcov <- c("horTh", "age", "menostat", "tsize", "pnodes", "progrec", "estrec")
scaled <- gbsg2
for (v in c("age", "tsize", "pnodes", "progrec", "estrec")) scaled[[v]] <- as.numeric(scale(gbsg2[[v]]))
mfit <- multinom(factor(tgrade) ~ horTh + age + menostat + tsize + pnodes + progrec + estrec, data = scaled,
                 trace = FALSE, maxit = 10000, reltol = 1e-15, abstol = 1e-300)
Pg <- unname(fitted(mfit))
tg <- as.integer(factor(gbsg2$tgrade))
gw <- data.frame(ps_I = Pg[, 1], ps_II = Pg[, 2], ps_III = Pg[, 3], ate = ate_weights(Pg, tg),
                 att_II = att_weights(Pg, tg, 2))
write_output(gw, "gbsg2_weights")
gterms <- terms_of(gbsg2, gcov)
lv <- c("I", "II", "III")
gbal <- rbind(
  cbind(estimand = "ATE", balance_table(gterms, tg, gw$ate, list(c(2, 1), c(3, 1)), 1:3)),
  cbind(estimand = "ATT", balance_table(gterms, tg, gw$att_II, list(c(2, 1), c(2, 3)), 2)))
gbal$group <- lv[gbal$group]; gbal$versus <- lv[gbal$versus]
write_output(gbal, "gbsg2_balance")
mg <- group_means(gbsg2$cens, tg, gw$ate, 3)
ma <- group_means(gbsg2$cens, tg, gw$att_II, 3)
write_output(data.frame(estimand = c("ATE", "ATE", "ATT", "ATT"), group = c("II", "III", "II", "II"),
                        versus = c("I", "I", "I", "III"),
                        estimate = c(mg[2] - mg[1], mg[3] - mg[1], ma[2] - ma[1], ma[2] - ma[3])), "gbsg2_effect")

# ---------------------------------------------------------------- senators: weighted Aalen-Johansen
sen <- read.csv(file.path(inputs, "senators.csv"), stringsAsFactors = FALSE)
sfit <- multinom(factor(party) ~ decade + quebec, data = sen, trace = FALSE, maxit = 10000, reltol = 1e-15,
                 abstol = 1e-300)
Ps <- unname(fitted(sfit))
ts <- as.integer(factor(sen$party))
sen$w <- ate_weights(Ps, ts)
aj <- survfit(Surv(years, factor(cause, levels = 0:3)) ~ party, data = sen, weights = w)
st <- summary(aj, times = c(5, 10, 20, 30), extend = TRUE)
cif <- data.frame(group = rep(sub("party=", "", as.character(st$strata)), 3),
                  time = rep(st$time, 3), cause = rep(1:3, each = length(st$time)),
                  cif = c(st$pstate[, 2], st$pstate[, 3], st$pstate[, 4]))
write_output(cif, "senators_cif")
write_output(data.frame(ps = Ps, w = sen$w), "senators_weights")

writeLines(c(R.version.string, paste("survival", packageVersion("survival")), paste("nnet", packageVersion("nnet"))),
           file.path(outdir, "versions.txt"))
