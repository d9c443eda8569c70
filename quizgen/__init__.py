"""quizgen: exam-grade multiple-choice questions from curated facts."""

__version__ = "0.1.0"
