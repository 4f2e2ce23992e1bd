# Reference values for tests/test_interval.py: Turnbull's NPMLE for interval-censored data.
#
# Reads tests/golden/inputs/mice.csv and diabetes.csv (written by make_interval_inputs.py) and writes
#   r_output/turnbull_survfit.csv         survival::survfit(Surv(l, r, type = "interval2") ~ group):
#                                         time, surv, n.event per group (R's Turnbull EM; it stops when
#                                         the curve moves less than 5e-5 between iterations, so it is
#                                         close to, not at, the maximum)
#   r_output/turnbull_current_status.csv  the exact NPMLE of the mice data: for current-status data it is
#                                         the weighted isotonic (pool-adjacent-violators) regression of
#                                         "tumour found" on the inspection time (Groeneboom & Wellner 1992)
# every number at full double precision (%.17g). Run from the repository root:
#   Rscript tests/golden/interval.R

suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "tests/golden"
inputs <- file.path(here, "inputs")
outdir <- file.path(here, "r_output")
dir.create(outdir, showWarnings = FALSE)

full_precision <- function(df) {
  df[] <- lapply(df, function(col) if (is.numeric(col)) sprintf("%.17g", col) else col)
  df
}
write_output <- function(df, name) {
  write.csv(full_precision(df), file.path(outdir, paste0(name, ".csv")), row.names = FALSE, na = "NA")
}

mice <- read.csv(file.path(inputs, "mice.csv"), stringsAsFactors = FALSE)
diabetes <- read.csv(file.path(inputs, "diabetes.csv"), stringsAsFactors = FALSE)

# ---------------------------------------------------------------- survfit's Turnbull estimate
turnbull_table <- function(fit, dataset) {
  groups <- rep(sub("^[^=]*=", "", names(fit$strata)), fit$strata)
  data.frame(dataset = dataset, group = groups, time = fit$time, surv = fit$surv,
             n_event = fit$n.event)
}
fit_mice <- survfit(Surv(l, u, type = "interval2") ~ grp, data = mice)
fit_diabetes <- survfit(Surv(left, right, type = "interval2") ~ gender, data = diabetes)
write_output(rbind(turnbull_table(fit_mice, "mice"), turnbull_table(fit_diabetes, "diabetes")),
             "turnbull_survfit")

# ---------------------------------------------------------------- exact NPMLE for current status
pava <- function(y, w) {
  # weighted pool-adjacent-violators: the non-decreasing fit minimising sum w (y - fit)^2
  v <- numeric(0); wt <- numeric(0); sz <- numeric(0)
  for (i in seq_along(y)) {
    v <- c(v, y[i]); wt <- c(wt, w[i]); sz <- c(sz, 1)
    while (length(v) > 1 && v[length(v) - 1] > v[length(v)]) {
      j <- length(v)
      v[j - 1] <- (wt[j - 1] * v[j - 1] + wt[j] * v[j]) / (wt[j - 1] + wt[j])
      wt[j - 1] <- wt[j - 1] + wt[j]; sz[j - 1] <- sz[j - 1] + sz[j]
      v <- v[-j]; wt <- wt[-j]; sz <- sz[-j]
    }
  }
  rep(v, sz)
}
current_status <- do.call(rbind, lapply(split(mice, mice$grp), function(d) {
  found <- as.numeric(d$l == 0)              # tumour present at death
  inspected <- ifelse(d$l == 0, d$u, d$l)    # day of death
  times <- sort(unique(inspected))
  y <- tapply(found, inspected, mean)[as.character(times)]
  w <- as.numeric(table(inspected)[as.character(times)])
  data.frame(dataset = "mice", group = d$grp[1], time = times, cdf = pava(as.numeric(y), w))
}))
write_output(current_status, "turnbull_current_status")

cat("interval.R written with R", paste(R.version$major, R.version$minor, sep = "."),
    "and survival", as.character(packageVersion("survival")), "\n")
