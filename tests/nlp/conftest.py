"""Shared fixtures: underthesea is loaded once per session (lazily, by the first figure sentence)."""
import pytest

from nlp import extract_figures


@pytest.fixture(scope="session")
def extract():
    extract_figures("Khởi động: tỷ lệ hộ nghèo còn 1,5% hộ.")
    return extract_figures
