# Golden values for evalkit.studies.profiles: logistic (status) and Cox (time-to-event) profile models.
#
# Reads tests/golden/profiles/inputs/*.csv (written by make_profile_inputs.py) and writes
# tests/golden/profiles/r_output/*.csv at full precision. Run from the repository root:
#     Rscript tests/golden/profiles/profiles.R
#
# Everything the Python side computes is computed here independently: glm()/coxph() fits, Wald
# intervals and tests, average marginal effects (with a numerical gradient for the delta method,
# where evalkit uses the analytic one), interaction models and likelihood-ratio tests, Holm,
# AUC with DeLong's standard error, Hosmer-Lemeshow by decile, concordance and cox.zph.
suppressPackageStartupMessages(library(survival))

here <- "tests/golden/profiles"
out <- file.path(here, "r_output")
dir.create(out, showWarnings = FALSE)
write_out <- function(df, name) {
  num <- vapply(df, is.numeric, logical(1))
  df[num] <- lapply(df[num], function(x) ifelse(is.na(x), NA, sprintf("%.17g", x)))
  write.csv(df, file.path(out, name), row.names = FALSE, na = "")
}
z <- qnorm(0.975)
min_cell <- 10

# ------------------------------------------------------------------ logistic: Fair's affairs data
fair <- read.csv(file.path(here, "inputs", "fair.csv"), stringsAsFactors = FALSE)
lev <- list(religion = c("not", "mildly", "fairly", "strongly"), kids = c("no", "yes"),
            age_group = c("up_to_22", "27", "32", "37_plus"),
            educ_group = c("12_or_less", "14", "16", "17_plus"),
            marriage = c("very_good", "low", "good"))
for (v in names(lev)) fair[[v]] <- factor(fair[[v]], levels = lev[[v]])
profile <- c("religion", "kids", "age_group", "educ_group", "yrs_married")
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

# average marginal effect of `variable` (every row counterfactually in `level` against the
# reference; numeric: mean derivative), over the rows `rows`
ame_fun <- function(fit, data, variable, level, rows = seq_len(nrow(data)), modifier = NULL) {
  tt <- delete.response(terms(fit))
  xlev <- fit$xlevels
  mm <- function(d) model.matrix(tt, model.frame(tt, d, xlev = xlev), contrasts.arg = fit$contrasts)
  d <- data[rows, , drop = FALSE]
  if (is.numeric(data[[variable]])) {
    X <- mm(d)
    function(b) {
      p <- plogis(drop(X %*% b))
      mean(p * (1 - p)) * b[[variable]]
    }
  } else {
    d1 <- d; d1[[variable]] <- factor(level, levels = levels(data[[variable]]))
    d0 <- d; d0[[variable]] <- factor(levels(data[[variable]])[1], levels = levels(data[[variable]]))
    X1 <- mm(d1); X0 <- mm(d0)
    function(b) mean(plogis(drop(X1 %*% b)) - plogis(drop(X0 %*% b)))
  }
}
num_grad <- function(f, b, h = 1e-6) {
  vapply(seq_along(b), function(k) {
    e <- replace(numeric(length(b)), k, h)
    (f(b + e) - f(b - e)) / (2 * h)
  }, numeric(1))
}
ame_row <- function(fit, data, variable, level, rows = seq_len(nrow(data))) {
  f <- ame_fun(fit, data, variable, level, rows)
  b <- coef(fit)
  g <- num_grad(f, b)
  c(ame = 100 * f(b), ame_se = 100 * sqrt(drop(t(g) %*% vcov(fit) %*% g)))
}
coef_rows <- function(fit, model, data, variables) {
  s <- summary(fit)$coefficients
  rows <- list()
  for (v in variables) {
    if (is.numeric(data[[v]])) {
      terms <- v; cats <- ""
    } else {
      cats <- levels(data[[v]])[-1]; terms <- paste0(v, cats)
    }
    for (k in seq_along(terms)) {
      a <- ame_row(fit, data, v, cats[k])
      rows[[length(rows) + 1]] <- data.frame(
        model = model, variable = v, category = cats[k], coef = s[terms[k], 1], se = s[terms[k], 2],
        odds_ratio = exp(s[terms[k], 1]), ci_lower = exp(s[terms[k], 1] - z * s[terms[k], 2]),
        ci_upper = exp(s[terms[k], 1] + z * s[terms[k], 2]), p_value = s[terms[k], 4],
        ame = a[["ame"]], ame_se = a[["ame_se"]])
    }
  }
  do.call(rbind, rows)
}
wald <- function(fit, model, variable, data) {
  nm <- names(coef(fit))
  idx <- if (is.numeric(data[[variable]])) which(nm == variable) else
    which(nm %in% paste0(variable, levels(data[[variable]])[-1]))
  b <- coef(fit)[idx]
  s <- drop(t(b) %*% solve(vcov(fit)[idx, idx, drop = FALSE], b))
  data.frame(model = model, variable = variable, statistic = s, df = length(idx),
             p_value = pchisq(s, length(idx), lower.tail = FALSE))
}

logit_rows <- list(); logit_tests <- list()
for (v in profile) {
  fit <- glm(reformulate(v, "affair"), binomial, fair, control = ctl)
  logit_rows[[v]] <- coef_rows(fit, "raw", fair, v)
  logit_tests[[v]] <- wald(fit, "raw", v, fair)
}
adjusted <- glm(reformulate(c(profile, "marriage"), "affair"), binomial, fair, control = ctl)
logit_rows$adjusted <- coef_rows(adjusted, "adjusted", fair, profile)
for (v in profile) logit_tests[[paste0("adj_", v)]] <- wald(adjusted, "adjusted", v, fair)
write_out(do.call(rbind, logit_rows), "logit_estimates.csv")
write_out(do.call(rbind, logit_tests), "logit_tests.csv")

# model checks of the adjusted logistic model
p <- fitted(adjusted); y <- fair$affair
r_all <- rank(p); pos <- p[y == 1]; neg <- p[y == 0]
v10 <- (r_all[y == 1] - rank(pos)) / length(neg)
v01 <- 1 - (r_all[y == 0] - rank(neg)) / length(pos)
auc <- mean(v10)
auc_se <- sqrt(var(v10) / length(pos) + var(v01) / length(neg))
ord <- order(p)                       # radix sort: ties keep their order
grp <- integer(length(p)); grp[ord] <- ((seq_along(p) - 1) * 10) %/% length(p)
n_g <- tabulate(grp + 1, 10); o_g <- as.vector(tapply(y, grp, sum)); e_g <- as.vector(tapply(p, grp, sum))
hl <- sum((o_g - e_g)^2 / (e_g * (1 - e_g / n_g)))
write_out(data.frame(check = c("auc", "hosmer_lemeshow"), value = c(auc, hl), se = c(auc_se, NA),
                     df = c(NA, 8), p_value = c(NA, pchisq(hl, 8, lower.tail = FALSE))), "logit_checks.csv")
write_out(data.frame(group = 1:10, n = n_g, n_observed = as.numeric(o_g), predicted = 100 * as.numeric(e_g) / n_g,
                     observed = 100 * as.numeric(o_g) / n_g), "logit_calibration.csv")

# effect modification: marriage x kids and marriage x religion, adjusted for the profile
holm_input <- list(); em_rows <- list()
base <- glm(reformulate(c(profile, "marriage"), "affair"), binomial, fair, control = ctl)
for (v in c("kids", "religion")) {
  cats <- levels(fair[[v]]); mods <- levels(fair$marriage)
  n_cell <- table(fair$marriage, fair[[v]]); k_cell <- tapply(fair$affair, list(fair$marriage, fair[[v]]), sum)
  ok <- n_cell >= min_cell & k_cell >= min_cell & n_cell - k_cell >= min_cell
  ok_c <- ok & matrix(ok[mods[1], ], nrow(ok), ncol(ok), byrow = TRUE)
  d <- fair; inter <- character(0)
  for (m in mods[-1]) for (cc in cats[-1]) if (ok_c[m, cc]) {
    nm <- paste0("i_", m, "_", cc); inter <- c(inter, nm)
    d[[nm]] <- as.numeric(d$marriage == m & d[[v]] == cc)
  }
  full <- glm(reformulate(c(profile, "marriage", inter), "affair"), binomial, d, control = ctl)
  lr <- anova(base, full, test = "LRT")
  holm_input[[v]] <- data.frame(variable = v, statistic = lr$Deviance[2], df = lr$Df[2], p_value = lr[2, "Pr(>Chi)"])
  b <- coef(full); V <- vcov(full)
  for (cc in cats) for (m in mods[-1]) {
    g <- setNames(numeric(length(b)), names(b)); g[paste0("marriage", m)] <- 1
    est <- ok_c[m, cc] && (cc == cats[1] || paste0("i_", m, "_", cc) %in% inter)
    if (cc != cats[1] && est) g[paste0("i_", m, "_", cc)] <- 1
    rows <- which(d[[v]] == cc)
    # marginal effect of marriage level m against very_good, within the category
    f <- function(bb) {
      d1 <- d[rows, ]; d0 <- d[rows, ]
      d1$marriage <- factor(m, levels = mods); d0$marriage <- factor(mods[1], levels = mods)
      for (nm in inter) {
        parts <- strsplit(sub("^i_", "", nm), "_(?=[^_]+$)", perl = TRUE)[[1]]
        d1[[nm]] <- as.numeric(parts[1] == m & d1[[v]] == parts[2])
        d0[[nm]] <- 0
      }
      tt <- delete.response(terms(full))
      X1 <- model.matrix(tt, model.frame(tt, d1, xlev = full$xlevels))
      X0 <- model.matrix(tt, model.frame(tt, d0, xlev = full$xlevels))
      mean(plogis(drop(X1 %*% bb)) - plogis(drop(X0 %*% bb)))
    }
    if (est) {
      gr <- num_grad(f, b)
      em_rows[[length(em_rows) + 1]] <- data.frame(
        variable = v, category = cc, contrast = m, coef = sum(g * b), se = sqrt(drop(t(g) %*% V %*% g)),
        ame = 100 * f(b), ame_se = 100 * sqrt(drop(t(gr) %*% V %*% gr)))
    } else {
      em_rows[[length(em_rows) + 1]] <- data.frame(variable = v, category = cc, contrast = m, coef = NA, se = NA,
                                                   ame = NA, ame_se = NA)
    }
  }
}
tests <- do.call(rbind, holm_input); tests$p_holm <- p.adjust(tests$p_value, "holm")
write_out(tests, "logit_interaction_tests.csv")
write_out(do.call(rbind, em_rows), "logit_interaction_estimates.csv")

# ------------------------------------------------------------------ Cox: Rossi recidivism data
rossi <- read.csv(file.path(here, "inputs", "rossi.csv"), stringsAsFactors = FALSE,
                  colClasses = c(prio_group = "character"))
rlev <- list(fin = c("no", "yes"), age_group = c("17-20", "21-25", "26+"), prio_group = c("0", "1-2", "3+"),
             mar = c("no", "yes"), paro = c("no", "yes"), wexp = c("no", "yes"))
for (v in names(rlev)) rossi[[v]] <- factor(rossi[[v]], levels = rlev[[v]])
cprof <- c("fin", "age_group", "prio_group", "mar", "paro")
cctl <- coxph.control(eps = 1e-14, iter.max = 100, toler.chol = 1e-15)
cox_rows <- function(fit, model, variables) {
  s <- summary(fit)$coefficients
  rows <- list()
  for (v in variables) {
    cats <- levels(rossi[[v]])[-1]; terms <- paste0(v, cats)
    rows[[v]] <- data.frame(model = model, variable = v, category = cats, coef = s[terms, "coef"],
                            se = s[terms, "se(coef)"], hazard_ratio = exp(s[terms, "coef"]),
                            ci_lower = exp(s[terms, "coef"] - z * s[terms, "se(coef)"]),
                            ci_upper = exp(s[terms, "coef"] + z * s[terms, "se(coef)"]),
                            p_value = s[terms, "Pr(>|z|)"])
  }
  do.call(rbind, rows)
}
cwald <- function(fit, model, v) {
  idx <- which(names(coef(fit)) %in% paste0(v, levels(rossi[[v]])[-1]))
  b <- coef(fit)[idx]
  s <- drop(t(b) %*% solve(vcov(fit)[idx, idx, drop = FALSE], b))
  data.frame(model = model, variable = v, statistic = s, df = length(idx), p_value = pchisq(s, length(idx), lower.tail = FALSE))
}
crow <- list(); ctest <- list()
for (v in cprof) {
  fit <- coxph(as.formula(paste("Surv(week, arrest) ~", v)), rossi, ties = "efron", control = cctl)
  crow[[v]] <- cox_rows(fit, "raw", v); ctest[[v]] <- cwald(fit, "raw", v)
}
cadj <- coxph(Surv(week, arrest) ~ fin + age_group + prio_group + mar + paro + strata(wexp), rossi,
              ties = "efron", control = cctl)
crow$adjusted <- cox_rows(cadj, "adjusted", cprof)
for (v in cprof) ctest[[paste0("adj_", v)]] <- cwald(cadj, "adjusted", v)
write_out(do.call(rbind, crow), "cox_estimates.csv")
write_out(do.call(rbind, ctest), "cox_tests.csv")
zph <- cox.zph(cadj, transform = "km")$table
write_out(data.frame(variable = rownames(zph), statistic = zph[, "chisq"], df = zph[, "df"], p_value = zph[, "p"]),
          "cox_zph.csv")
conc <- concordance(cadj)
conc_plain <- concordance(coxph(Surv(week, arrest) ~ fin + age_group + prio_group + mar + paro, rossi,
                                ties = "efron", control = cctl))
write_out(data.frame(model = c("stratified", "unstratified"), concordance = c(conc$concordance, conc_plain$concordance)),
          "cox_concordance.csv")

# effect modification: fin x age_group and fin x prio_group, adjusted for the other covariates
eprof <- c("age_group", "prio_group", "mar", "paro")
cbase <- coxph(reformulate(c(eprof, "fin"), "Surv(week, arrest)"), rossi, ties = "efron", control = cctl)
ctests <- list(); cem <- list()
for (v in c("age_group", "prio_group")) {
  cats <- levels(rossi[[v]]); mods <- levels(rossi$fin)
  n_cell <- table(rossi$fin, rossi[[v]]); k_cell <- tapply(rossi$arrest, list(rossi$fin, rossi[[v]]), sum)
  ok <- n_cell >= min_cell & k_cell >= min_cell
  ok_c <- ok & matrix(ok[mods[1], ], nrow(ok), ncol(ok), byrow = TRUE)
  d <- rossi; inter <- character(0); cat_of <- character(0)
  for (m in mods[-1]) for (cc in cats[-1]) if (ok_c[m, cc]) {
    nm <- paste0("i", length(inter) + 1); inter <- c(inter, nm); cat_of[nm] <- cc
    d[[nm]] <- as.numeric(d$fin == m & d[[v]] == cc)
  }
  full <- coxph(reformulate(c(eprof, "fin", inter), "Surv(week, arrest)"), d, ties = "efron", control = cctl)
  lr <- 2 * (full$loglik[2] - cbase$loglik[2])
  ctests[[v]] <- data.frame(variable = v, statistic = lr, df = length(inter),
                            p_value = pchisq(lr, length(inter), lower.tail = FALSE))
  b <- coef(full); V <- vcov(full)
  for (cc in cats) for (m in mods[-1]) {
    nm <- inter[cat_of[inter] == cc]
    est <- ok_c[m, cc] && (cc == cats[1] || length(nm) == 1)
    g <- setNames(numeric(length(b)), names(b)); g[paste0("fin", m)] <- 1
    if (cc != cats[1] && est) g[nm] <- 1
    cem[[length(cem) + 1]] <- data.frame(variable = v, category = cc, contrast = m,
                                         coef = if (est) sum(g * b) else NA,
                                         se = if (est) sqrt(drop(t(g) %*% V %*% g)) else NA)
  }
}
ct <- do.call(rbind, ctests); ct$p_holm <- p.adjust(ct$p_value, "holm")
write_out(ct, "cox_interaction_tests.csv")
write_out(do.call(rbind, cem), "cox_interaction_estimates.csv")

writeLines(c(R.version.string, paste("survival", packageVersion("survival"))), file.path(out, "versions.txt"))
