"""`quizgen check`: validate banks and templates, one `file:line: message` per problem."""

from __future__ import annotations

from quizgen.commands._common import add_cache_argument, cache_dir_from_args
from quizgen.commands._types import whole_number
from quizgen.errors import UsageError, shorten_words
from quizgen.exitstatus import ExitStatus

HELP = "validate question banks and templates (default: the bundled ones)"
EXAMPLE = "quizgen check --items question_banks/my_bank.yaml templates/"


def add_arguments(parser):
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="bank or template files or folders; banks default to the bundled banks, "
                             "templates to the bundled templates")
    parser.add_argument("--add-templates", action="append", default=[], metavar="PATH",
                        help="template file or folder checked beside the bundled (or given) templates (repeatable)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (skipped template-fact pairs) as problems")
    parser.add_argument("--quiet", action="store_true", help="print problems only, no summary")
    add_cache_argument(parser)
    parser.add_argument("--items", action="store_true",
                        help="also build every question under several seeds, easy and hard, and report "
                             "each one a known giveaway pattern would solve (see docs/items.md)")
    parser.add_argument("--seeds", type=whole_number(), default=5, metavar="N",
                        help="with --items: seeds 0..N-1 to build under (default 5)")
    parser.add_argument("--lang", choices=("en", "hi"), default="en",
                        help="hi: also report every fact and template text without Hindi "
                             "(file:line), and build every question in Hindi too")
    parser.add_argument("--questions", metavar="FILE.json",
                        help="with --items: lint these questions (as `quizgen generate` writes them) "
                             "instead of building them")


def run(args, env) -> ExitStatus:
    if (args.questions or args.seeds != 5) and not args.items:
        raise UsageError("--questions and --seeds go with --items")
    from quizgen.check import check_library
    from quizgen.library import load_library, load_paths

    from quizgen.lang import bilingual

    cache_dir = cache_dir_from_args(args)
    library = (load_paths(args.paths, args.add_templates, cache_dir=cache_dir) if args.paths
               else load_library(added_template_paths=args.add_templates, cache_dir=cache_dir))
    hindi = None
    if args.lang == "hi":
        from quizgen.hindicheck import check_hindi

        with bilingual():  # Hindi texts are rendered too, so their errors show (never cached)
            report = check_library(library)
        hindi = check_hindi(library)
        report.errors.extend(hindi.problems)
    elif cache_dir is not None:
        from quizgen.cache import cached_check

        report = cached_check(cache_dir, library, lambda: check_library(library))
    else:
        report = check_library(library)
    for problem in report.errors:
        print(problem, file=env.stdout)
    for problem in report.warnings:
        print(f"{problem.path}:{problem.line}: warning: " if problem.line else f"{problem.path}: warning: ",
              shorten_words(problem.message), sep="", file=env.stdout)
    failed = bool(report.errors or (args.strict and report.warnings))
    if args.items and not report.errors:  # broken banks or templates: fix those first
        failed = _lint_items(library, args, env) or failed
    if not args.quiet:
        print(f"{'FAILED' if failed else 'OK'}: {report.facts} facts, {report.templates} templates, "
              f"{report.questions} questions built, {len(report.errors)} problems, "
              f"{len(report.warnings)} warnings", file=env.stderr)
        for line in (hindi.summary() if hindi else []):
            print(line, file=env.stderr)
        quotes = report.quotes
        print(f"Quotes: {quotes.verified} verified against article files, {quotes.unverified} unverified "
              f"(source has no file:), {quotes.paraphrased} paraphrases (unverified)", file=env.stderr)
    return ExitStatus.PROBLEMS_FOUND if failed else ExitStatus.OK


def _lint_items(library, args, env) -> bool:
    """Print one line per giveaway found; True if any."""
    import time

    from quizgen.itemlint import lint_library, lint_runs, load_questions, summary

    started = time.perf_counter()
    if args.questions:
        report = lint_runs(library, [(args.questions, 0, load_questions(args.questions))])
    else:
        report = lint_library(library, seeds=range(args.seeds))
    for finding in report.findings:
        print(finding, file=env.stdout)
    if not args.quiet:
        print(f"items: {summary(report)} ({time.perf_counter() - started:.1f} s)", file=env.stderr)
    return bool(report.findings)
