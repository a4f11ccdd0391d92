"""The public API: everything in ``__all__`` resolves, and nothing private leaks into it."""

import trustcheck


def test_all_names_resolve() -> None:
    for name in trustcheck.__all__:
        assert getattr(trustcheck, name) is not None, name


def test_all_is_sorted_and_public() -> None:
    assert trustcheck.__all__ == sorted(trustcheck.__all__)
    assert all(not n.startswith("_") or n == "__version__" for n in trustcheck.__all__)


def test_errors_share_one_root() -> None:
    for name in trustcheck.__all__:
        obj = getattr(trustcheck, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, trustcheck.TrustcheckError), name


def test_all_matches_lazy_exports() -> None:
    assert set(trustcheck.__all__) == {*trustcheck._EXPORTS, "__version__"}
