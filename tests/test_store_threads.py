"""Every screen read runs in a new worker thread: the store hands a finished thread's connection to the next
thread instead of opening one more each time (each kept a file handle and a page cache until the app closed)."""

from __future__ import annotations

import threading

from mdt_tui.store.store import Store


def in_thread(fn) -> None:  # noqa: ANN001
    thread = threading.Thread(target=fn)
    thread.start()
    thread.join()


def test_a_finished_threads_connection_is_reused(demo_db):
    with Store.open(demo_db) as store:
        person = store.people()[0].id
        for _ in range(40):  # forty cursor moves, each read in its own worker thread
            in_thread(lambda: store.history(person))
        assert len(store._all) == 2  # this thread's, and one the workers pass along


def test_threads_at_the_same_time_each_have_their_own(demo_db):
    with Store.open(demo_db) as store:
        seen, go = [], threading.Barrier(3)

        def read() -> None:
            go.wait()
            seen.append(id(store.db))
            store.people()
            go.wait()

        threads = [threading.Thread(target=read) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(seen)) == 3


def test_a_connection_left_mid_transaction_is_never_handed_on(demo_db):
    with Store.open(demo_db) as store:
        left = []
        in_thread(lambda: (store.db.execute("BEGIN"), left.append(store.db)))
        taken = []
        in_thread(lambda: taken.append(store.db))
        assert taken[0] is not left[0]
