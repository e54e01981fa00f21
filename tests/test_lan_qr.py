"""The vote's QR code in a terminal (pilot2prod.lan.qr): the picture reads back as segno's code."""

from __future__ import annotations

import pytest
import segno

from pilot2prod.lan import qr

URLS = [
    "HTTP://192.168.100.200:54321/ABCDEFGHIJKLMNOP/",
    "HTTP://10.0.0.5:8765/QWERTYUIOPASDFGH/",
    "HTTP://127.0.0.1:0/A/",
    "http://example.org/a-path?with=lowercase&bytes",  # not alphanumeric: a larger code
]


def _segno_matrix(text: str) -> list[list[bool]]:
    code = segno.make(text, error="l", boost_error=True, micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(border=4)]


def _read_back(lines: list[str], ink: str) -> list[list[bool]]:
    """The modules a picture shows, True for dark."""
    rows: list[list[bool]] = []
    for line in lines:
        top = [char in "▀█" for char in line]
        bottom = [char in "▄█" for char in line]
        if ink == "light":  # the drawn part is the light modules
            top = [not drawn for drawn in top]
            bottom = [not drawn for drawn in bottom]
        rows += [top, bottom]
    return rows


@pytest.mark.parametrize("ink", ["dark", "light"])
@pytest.mark.parametrize("url", URLS)
def test_the_picture_reads_back_as_segnos_code(url, ink):
    expected = _segno_matrix(url)
    assert qr.modules(url) == expected
    lines = qr.half_blocks(qr.modules(url), ink=ink)
    assert set("".join(lines)) <= set(" ▀▄█")
    assert {len(line) for line in lines} == {len(expected)}
    shown = _read_back(lines, ink)
    assert len(expected) % 2 == 1  # QR sizes are odd: the last line pairs a light row
    assert shown == [*expected, [False] * len(expected)]


def test_the_quiet_zone_is_light_on_every_side():
    matrix = qr.modules(URLS[0])
    side = len(matrix)
    for i in range(side):
        for j in range(side):
            if min(i, j, side - 1 - i, side - 1 - j) < qr.QUIET_ZONE:
                assert matrix[i][j] is False, (i, j)
    assert any(any(row) for row in matrix)
    # With dark ink the edges are blank; with light ink they are full blocks.
    dark = qr.half_blocks(matrix)
    light = qr.half_blocks(matrix, ink="light")
    assert dark[0] == dark[1] == " " * side
    assert light[0] == light[1] == "█" * side
    assert dark[-1] == " " * side  # the last module row, and the light row pairing it


def test_a_vote_url_fits_a_small_terminal():
    url = "HTTP://192.168.100.200:54321/ABCDEFGHIJKLMNOP/"
    columns, lines = qr.size(url)
    assert columns <= 37 and lines <= 19
    picture = qr.half_blocks(qr.modules(url))
    assert (columns, lines) == (len(picture[0]), len(picture))


def test_never_a_micro_qr_and_the_error_level_is_raised_where_it_fits():
    assert len(qr.modules("1")) == 21 + 2 * qr.QUIET_ZONE  # version 1, not Micro QR
    code = segno.make("HTTP://A/", error="l", boost_error=True, micro=False)
    assert code.error == "H"  # a short text: the highest level version 1 allows
