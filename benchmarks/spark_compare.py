"""Run the queries of :mod:`evalkit.outcomes.relational` on Spark SQL and compare them with DuckDB, row for row.

Spark runs in local mode (no cluster). The bundled registry's tables are handed to Spark as the
very rows DuckDB reads (the views of :func:`~evalkit.outcomes.relational.connect`); the cohort
query and, for every named durable-job definition and both kinds of follow-up, the first-jobs query
run in both engines, Spark on the SQLGlot translation (:func:`~evalkit.outcomes.relational.to_spark`).
Prints the rows compared and the cells that differ per column; exits 1 on any difference.

Not part of the tests (it needs Java and PySpark): ``bash scripts/spark_compare.sh`` installs
PySpark, checks Java and runs it.

    python benchmarks/spark_compare.py [--registry synthetic]
"""
from __future__ import annotations

import argparse
import sys
import time

import pyarrow as pa

from evalkit import outcomes
from evalkit.outcomes import relational
from evalkit.registry import load_registry


def spark_session():
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master("local[2]").appName("evalkit-spark-compare")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


def spark_schema(schema: pa.Schema):
    """The Spark schema of an Arrow table of the relational views."""
    from pyspark.sql import types as T

    def spark_type(t: pa.DataType):
        if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t):
            return T.StringType()
        if pa.types.is_integer(t):
            return T.LongType()
        if pa.types.is_floating(t):
            return T.DoubleType()
        if pa.types.is_date(t):
            return T.DateType()
        if pa.types.is_boolean(t):
            return T.BooleanType()
        raise TypeError(f"no Spark type for {t}")

    return T.StructType([T.StructField(f.name, spark_type(f.type), True) for f in schema])


def to_spark_frame(spark, table: pa.Table):
    return spark.createDataFrame(table.to_pylist(), schema=spark_schema(table.schema)) if table.num_rows else \
        spark.createDataFrame([], schema=spark_schema(table.schema))


def compare(label: str, duck: pa.Table, spark_rows: list, columns: list[str]) -> int:
    """Number of differing cells (a differing row count counts as one); prints the details."""
    expected = duck.to_pylist()
    print(f"{label}: {len(expected):,} rows from DuckDB, {len(spark_rows):,} from Spark")
    if len(expected) != len(spark_rows):
        print("  the number of rows differs")
        return 1
    differing = 0
    for column in columns:
        bad = sum(1 for d, s in zip(expected, spark_rows) if d[column] != s[column])
        differing += bad
        if bad:
            print(f"  {column}: {bad} differing cells")
    print(f"  {len(expected):,} rows x {len(columns)} columns compared, {differing} differing cells")
    return differing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", default="synthetic", help="registry folder (default: the bundled one)")
    args = parser.parse_args()
    registry = load_registry(args.registry)
    db = relational.connect(registry)
    started = time.perf_counter()
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    print(f"Spark {spark.version} in local mode, started in {time.perf_counter() - started:.1f} s")
    for table in ("persons", "intakes", "episodes"):
        to_spark_frame(spark, db.query(f"SELECT * FROM {table}")).createOrReplaceTempView(table)

    differing = 0
    censor = registry.extraction_date
    cohort_sql = relational.cohort_sql(censor)
    duck_cohort = db.query(cohort_sql)
    spark_cohort = spark.sql(relational.to_spark(cohort_sql))
    differing += compare("cohort", duck_cohort, [r.asDict() for r in spark_cohort.collect()],
                         duck_cohort.column_names)
    db.con.register("cohort", duck_cohort)
    spark_cohort.createOrReplaceTempView("cohort")
    for name in outcomes.DURABLE_DEFINITIONS:
        for follow_up in ("registered", "censor_date"):
            sql = relational.first_jobs_sql(registry.extraction_dates, name, follow_up)
            duck = db.query(sql)
            rows = [r.asDict() for r in spark.sql(relational.to_spark(sql)).collect()]
            differing += compare(f"first_jobs(durable={name!r}, follow_up={follow_up!r})", duck, rows,
                                 duck.column_names)
    spark.stop()
    print("Spark and DuckDB agree on every cell" if not differing else f"{differing} differing cells in all")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
