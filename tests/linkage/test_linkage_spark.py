"""The same model on Splink's Spark backend (PySpark local mode); skipped, with the reason, when absent."""

from __future__ import annotations

import pytest

from ansinh.linkage.engine.spark import spark_available

AVAILABLE, REASON = spark_available()


def test_spark_availability_reports_a_reason():
    assert AVAILABLE or REASON  # when Spark cannot run we say why (printed by the skip below)


@pytest.mark.slow
@pytest.mark.skipif(not AVAILABLE, reason=f"Spark backend not runnable here: {REASON}")
def test_spark_backend_gives_the_same_clusters_as_duckdb():
    from ansinh.demo.people import generate_people
    from ansinh.linkage.engine.link import link_records
    from ansinh.linkage.engine.model import load_model
    from ansinh.linkage.engine.spark import link_records_spark, local_spark_session

    model = load_model()
    records, _ = generate_people(n=400, dup_rate=0.2, seed=41)
    spark = local_spark_session("ansinh-test")
    try:
        spark_clusters, spark_pairs = link_records_spark(records, model, spark=spark)
    finally:
        spark.stop()
    duck_clusters, _ = link_records(records, model)
    joined = duck_clusters.join(spark_clusters, on="record_id", suffix="_spark")
    assert joined.height == 400
    assert (joined["cluster_id"] == joined["cluster_id_spark"]).all()
    assert spark_pairs.height > 0 and spark_pairs["match_probability"].is_between(0, 1).all()


def test_cli_spark_without_pyspark_says_why(tmp_path, capsys):
    if AVAILABLE:
        pytest.skip("Spark is available")
    from ansinh.linkage.cli import main

    path = tmp_path / "a.csv"
    path.write_text("record_id,full_name\nr1,An\nr2,An\n", encoding="utf-8")
    assert main([str(path), "--output", str(tmp_path / "o.csv"), "--spark"]) == 2
    assert "pyspark" in capsys.readouterr().err


def test_spark_unavailable_path_is_explicit():
    if AVAILABLE:
        pytest.skip("Spark is available; the unavailable path is not exercised")
    print(f"Spark test skipped: {REASON}")
    with pytest.raises(ImportError):
        import pyspark  # noqa: F401
