"""The one gc_paused (issue 18): the collector is off inside and restored as it was, also after an error."""

from __future__ import annotations

import gc

import pytest

from mdt_tui.gc_pause import gc_paused


def test_paused_inside_and_enabled_again_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_enabled_again_after_an_error():
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
