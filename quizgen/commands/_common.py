"""Options shared by the commands that pick questions (generate, quiz, pdf, review)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from quizgen.commands._types import whole_number
from quizgen.vocabulary import STYLES

if TYPE_CHECKING:
    from quizgen.generate import Selection


def add_selection_arguments(parser: argparse.ArgumentParser, default_count: int | None,
                            seed_help: str = "random seed: same inputs and seed, same questions "
                                             "(default 0)") -> None:
    group = parser.add_argument_group("choosing questions")
    group.add_argument("--bank", action="append", default=[], metavar="NAME|PATH",
                       help="a bank id, bundled file name or path (repeatable; default: all bundled banks)")
    group.add_argument("--templates", action="append", default=[], metavar="PATH",
                       help="template file or folder, used instead of the bundled templates (repeatable)")
    group.add_argument("--add-templates", action="append", default=[], metavar="PATH",
                       help="template file or folder used beside the bundled (or --templates) ones (repeatable)")
    group.add_argument("--topic", action="append", default=[], metavar="T",
                       help="only questions on this topic id (repeatable)")
    group.add_argument("--style", action="append", default=[], choices=STYLES,
                       help="only this question style (repeatable)")
    group.add_argument("--difficulty", choices=("easy", "hard"), default="hard",
                       help="hard: closest distractors first (default); easy: random distractors")
    group.add_argument("--count", type=whole_number(), default=default_count, metavar="N",
                       help=f"number of questions (default {default_count or 'every one that matches'})")
    group.add_argument("--seed", type=int, default=0, metavar="S", help=seed_help)
    add_cache_argument(group)


def add_cache_argument(parser) -> None:
    parser.add_argument("--no-cache", action="store_true",
                        help="read the banks and templates afresh instead of from the compiled cache "
                             "(kept in $QUIZGEN_CACHE_DIR or the user cache folder)")


def cache_dir_from_args(args: argparse.Namespace):
    """Where the compiled bank cache lives, or None with --no-cache."""
    if getattr(args, "no_cache", False):
        return None
    from quizgen.cache import cache_dir

    return cache_dir()


def library_from_args(args: argparse.Namespace):
    """The banks and templates the options name, validated (strict), from the cache when current."""
    from quizgen.library import load_library, resolve_bank_paths

    return load_library(resolve_bank_paths(args.bank), args.templates or None, strict=True,
                        added_template_paths=getattr(args, "add_templates", ()),
                        cache_dir=cache_dir_from_args(args))


def add_language_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--lang", choices=("en", "hi", "both"), default="en",
                        help=f"language of the {what}: en (default), hi (Hindi), or both "
                             "(each question in English, then in Hindi)")


def hindi_note(questions, lang: str) -> str | None:
    """What to tell the user when a Hindi paper prints some texts in English."""
    if lang == "en":
        return None
    lacking = [q for q in questions if q.missing_hindi()]
    if not lacking:
        return None
    return (f"Warning: {len(lacking)} of {len(questions)} questions have texts without Hindi; "
            "they print in English (quizgen check --lang hi lists the facts and templates)")


def overlap_note(selection: "Selection") -> str | None:
    """What to tell the user when the paper asked for outgrew what the banks allow to stay clean."""
    extra = len(selection.questions) - selection.clean
    if extra <= 0:
        return None
    return (f"Note: the banks allow {selection.clean} questions in which none gives another away; "
            f"the last {extra} ask again about facts the first {selection.clean} cover.")


def select_from_args(args: argparse.Namespace, exclude_families=()) -> "Selection":
    """Load the chosen banks and templates and generate questions as the options say.

    Returns a Selection with `.questions` (list[Question]) and `.available` (how many distinct
    questions the filters allow): a paper in which no question gives another away, followed,
    when --count asks for more than the banks allow such a paper to hold, by the questions it
    turned away (`.clean` says where they start). Raises QuizgenError subclasses on bad input.
    """
    from quizgen.generate import generate
    from quizgen.lang import bilingual

    library = library_from_args(args)
    # With --lang hi or both every text is built in Hindi too; the questions, their order and
    # keys are the English ones whatever the language.
    with bilingual(getattr(args, "lang", "en") != "en"):
        return generate(
            library,
            count=args.count if args.count is not None else sys.maxsize,
            seed=args.seed,
            topics=args.topic,
            styles=args.style,
            difficulty=args.difficulty,
            exclude_families=exclude_families,
        )
