"""Progress statistics from attempt databases: figures, distractor analytics, tables, PDF report.

load.py reads databases into plain records; compute.py and items.py turn records into figures
(pure functions); render.py draws rich tables; report_pdf.py draws the charts.
"""
