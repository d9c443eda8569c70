"""Machine-readable OMR sheets: where every mark is (layout), the corner markers, reading scans
(read, needs the optional OpenCV extra) and grading them (grade).

Only `read` imports OpenCV and numpy; the PDF writer uses `markers` and `layout` without them.
"""
