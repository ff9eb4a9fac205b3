"""The botocore model cache (aws/model_cache.py): what it keeps must never hide a model that is
there, and what it keeps must be what botocore would have found."""

import json
import marshal
import os
import time

from botocore.loaders import Loader

from grucloud.aws.model_cache import KEPT_FOR, CachedLoader


def _add_service(data: object, name: str) -> None:
    folder = data / name / "2020-01-01"
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps({"metadata": {}, "operations": {}, "shapes": {}}))


def test_the_known_services_are_botocores_own_and_read_from_the_cache_next_time(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = CachedLoader(cache).list_available_services("service-2")
    assert first == Loader().list_available_services("service-2")
    assert "apigatewayv2" in first

    def no_scan(self, type_name):
        raise AssertionError("the services were looked for again")

    monkeypatch.setattr(Loader, "list_available_services", no_scan)
    assert CachedLoader(cache).list_available_services("service-2") == first


def test_a_model_added_under_aws_data_path_is_found_although_a_list_was_cached(tmp_path):
    cache, data = tmp_path / "cache", tmp_path / "models"
    data.mkdir()
    _add_service(data, "gcfirst")
    assert "gcfirst" in CachedLoader(cache, extra_search_paths=[str(data)]).list_available_services("service-2")
    _add_service(data, "gcsecond")
    found = CachedLoader(cache, extra_search_paths=[str(data)]).list_available_services("service-2")
    assert {"gcfirst", "gcsecond"} <= set(found)


def test_an_unwritable_cache_falls_back_to_botocores_way(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert "lambda" in CachedLoader(blocked / "cache").list_available_services("service-2")


def test_writing_an_entry_removes_those_older_than_a_month_and_keeps_the_others(tmp_path):
    cache = tmp_path / "botocore-models-py311-marshal4"
    other_python = tmp_path / "botocore-models-py310-marshal4"
    for folder in (cache, other_python):
        folder.mkdir()
    month_old = time.time() - KEPT_FOR - 60
    old, old_elsewhere, recent = cache / "old.marshal", other_python / "old.marshal", cache / "recent.marshal"
    for entry in (old, old_elsewhere, recent):
        entry.write_bytes(marshal.dumps({}))
    for entry in (old, old_elsewhere):
        os.utime(entry, (month_old, month_old))

    CachedLoader(cache).list_available_services("service-2")  # writes an entry: not cached yet

    assert not old.exists() and not old_elsewhere.exists()
    assert recent.exists() and len(list(cache.glob("*.marshal"))) == 2
