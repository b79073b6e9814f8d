"""The memory-mapped encoder computes the wheel's numbers and builds its cache once, safely."""

import json
import os

import numpy as np
import pytest

from annotations.pretag.encoder import cache_name, load_encoder

TEXTS = [
    "Die Regierung in Berlin erklärte am 3. Mai, die Lage habe sich verschärft.",
    "The ministry said unemployment fell by 2.5 per cent in 2023.",
    "«Wir stehen fest an der Seite unserer Partner», sagte die Ministerin.",
]


@pytest.fixture(scope="module")
def in_memory():
    return load_encoder(None)


def test_mapped_weights_give_the_same_embeddings(tmp_path, in_memory):
    mapped = load_encoder(tmp_path)
    assert np.array_equal(mapped.encode(TEXTS), in_memory.encode(TEXTS))
    table = mapped._backend.table
    assert 0 < table.rows_loaded < 1000 < table.shape[0]  # only the rows these texts use


def test_the_cache_is_written_once_and_then_reused(tmp_path, in_memory):
    load_encoder(tmp_path)
    folder = tmp_path / cache_name()
    state = json.loads((folder / "state.json").read_text())
    assert "table" in state["arrays"] and state["lists"]
    stamp = (folder / "table.npy").stat().st_mtime_ns
    again = load_encoder(tmp_path)
    assert (folder / "table.npy").stat().st_mtime_ns == stamp
    assert np.array_equal(again.encode(TEXTS), in_memory.encode(TEXTS))
    assert [p.name for p in tmp_path.iterdir()] == [cache_name()]  # no scratch folders left


def test_a_folder_without_its_state_file_is_replaced(tmp_path, in_memory):
    folder = tmp_path / cache_name()
    folder.mkdir()
    (folder / "table.npy").write_bytes(b"torn")  # not a cache: state.json is written last
    mapped = load_encoder(tmp_path)
    assert np.array_equal(mapped.encode(TEXTS), in_memory.encode(TEXTS))
    assert (folder / "state.json").exists()


def test_scratch_folders_of_killed_builders_are_cleared(tmp_path, in_memory):
    abandoned, fresh = tmp_path / f".{cache_name()}-old", tmp_path / f".{cache_name()}-new"
    for folder in (abandoned, fresh):
        folder.mkdir()
    os.utime(abandoned, (0, 0))
    load_encoder(tmp_path)
    assert not abandoned.exists()
    assert fresh.exists()  # may be another process building right now
