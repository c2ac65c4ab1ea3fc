"""Person linkage engine (pure: Polars + Splink on DuckDB; no Django). Design: docs/adr/0040.

Public API
----------
``prepare.prepare(frame)``                      raw records -> match keys
``model.load_model(path=None)`` / ``train_model`` / ``save_model``   the versioned model (person-v1.json)
``link.link_records(frame, model, threshold, *, verdicts=None) -> (clusters, pairs)``
``incremental.match_incremental(new, registry, model, threshold, verdicts) -> IncrementalResult``
``stable_ids.assign_stable_ids(previous, new_clusters) -> (assignment, redirects)``
``cluster.cluster_pairs(record_ids, edges, *, threshold, verdicts=None)``
``spark.link_records_spark(frame, model, threshold)``  the same model on Splink's Spark backend
``evaluate.pairwise_scores(clusters, truth)``    precision / recall / F1 over record pairs

Frames: records have ``record_id`` and any of full_name, date_of_birth, sex, id_number, phone, address, commune,
district, province; verdicts are ``record_id_l, record_id_r, verdict`` ("same" / "different").
"""
