# Aalen-Johansen state occupation probabilities of the multi-state fixture, by R's etm.
#
# Reads multistate_input.csv (one row per sojourn: id, state, start, stop; the last sojourn of an
# id ends in censoring) and writes multistate_etm.csv: for each time of the grid and each state,
# p(t) = p(0) %*% P(0, t), with p(0) the share of ids in each state at time 0 and P(0, t) etm's
# Aalen-Johansen estimate of the transition probability matrix.
# Run from the repository root: Rscript tests/golden/transitions/multistate.R
suppressPackageStartupMessages(library(etm))

here <- "tests/golden/transitions"
soj <- read.csv(file.path(here, "multistate_input.csv"), stringsAsFactors = FALSE)
soj <- soj[order(soj$id, soj$start), ]
states <- c("a", "b", "c", "d")
last <- !duplicated(soj$id, fromLast = TRUE)
to <- c(soj$state[-1], NA)
to[last] <- "cens"
dat <- data.frame(id = soj$id, from = soj$state, to = to, entry = soj$start, exit = soj$stop,
                  stringsAsFactors = FALSE)

tra <- matrix(TRUE, 4, 4, dimnames = list(states, states))
diag(tra) <- FALSE
fit <- etm(dat, state.names = states, tra = tra, cens.name = "cens", s = 0)

first <- soj[soj$start == 0, ]
p0 <- as.numeric(table(factor(first$state, levels = states))) / nrow(first)

grid <- c(0, 1, 2, 5, 10, 18, 25, 33, 40, 50, 60, 75, 90, 100, 110)
rows <- list()
for (t in grid) {
  k <- findInterval(t, fit$time)
  P <- if (k == 0) diag(4) else fit$est[, , k]
  p <- as.numeric(p0 %*% P)
  rows[[length(rows) + 1]] <- data.frame(time = t, state = states, probability = sprintf("%.17g", p))
}
out <- do.call(rbind, rows)
write.csv(out, file.path(here, "multistate_etm.csv"), row.names = FALSE, quote = FALSE)
writeLines(c(R.version.string, paste("etm", packageVersion("etm"))), file.path(here, "versions.txt"))
