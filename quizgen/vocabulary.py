"""Names shared by the CLI and the pipeline, kept import-free so `quizgen --help` stays fast."""

STYLES = ("single", "statements", "how-many", "pairs", "assertion-reason", "chronology")
LETTERS = ("a", "b", "c", "d")
