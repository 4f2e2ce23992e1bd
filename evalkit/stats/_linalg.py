"""Linear algebra shared by the estimators."""
from __future__ import annotations

import numpy as np


def full_rank_columns(X: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Indices of the columns of ``X`` kept so that the kept matrix has full column rank, in order.

    As R's ``lm``, ``glm`` and ``coxph``, a column that is a linear combination of earlier columns
    (aliased) is dropped; the earlier columns stay. Columns are scaled to unit length first, so the
    tolerance does not depend on their units.

    >>> X = np.array([[1., 0., 1.], [1., 1., 2.], [1., 0., 1.], [1., 1., 2.]])
    >>> full_rank_columns(X).tolist()
    [0, 1]
    """
    scale = np.sqrt((X**2).sum(axis=0))
    scale[scale == 0] = 1.0
    G = (X / scale).T @ (X / scale)
    if np.linalg.matrix_rank(G, tol=tol, hermitian=True) == X.shape[1]:
        return np.arange(X.shape[1])
    keep: list[int] = []
    for j in range(X.shape[1]):
        trial = keep + [j]
        if np.linalg.matrix_rank(G[np.ix_(trial, trial)], tol=tol, hermitian=True) == len(trial):
            keep.append(j)
    return np.array(keep, dtype=np.int64)
