"""The four corner markers of an OMR sheet: ArUco markers 0-3 of OpenCV's DICT_4X4_50.

The bit patterns are copied here (rows top to bottom, 1 = white cell) so the PDF can draw them
without OpenCV, which is only needed to read scans. Each marker is a 6 x 6 grid of cells: a
black border one cell wide around the 4 x 4 pattern. Marker i sits at corner CORNERS[i].
"""

from __future__ import annotations

DICTIONARY = "DICT_4X4_50"
CELLS = 6  # 4 x 4 pattern plus the black border
PATTERNS: dict[int, tuple[str, ...]] = {
    0: ("1011", "0101", "0011", "0010"),
    1: ("0000", "1111", "1001", "1010"),
    2: ("0011", "0011", "0010", "1101"),
    3: ("1001", "1001", "0100", "0110"),
}
# Marker id at each corner: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left (clockwise,
# so a sheet scanned upside down is recognised by which id sits where).
CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")


def black_cells(marker_id: int) -> list[tuple[int, int]]:
    """(column, row) of every black cell, row 0 at the top, border included."""
    pattern = PATTERNS[marker_id]
    cells = []
    for row in range(CELLS):
        for column in range(CELLS):
            inner = 0 < row < CELLS - 1 and 0 < column < CELLS - 1
            if not inner or pattern[row - 1][column - 1] == "0":
                cells.append((column, row))
    return cells
