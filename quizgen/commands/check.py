"""`quizgen check`: validate banks and templates, one `file:line: message` per problem."""

from __future__ import annotations

from quizgen.exitstatus import ExitStatus

HELP = "validate question banks and templates (default: the bundled ones)"
EXAMPLE = "quizgen check question_banks/my_bank.yaml templates/"


def add_arguments(parser):
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="bank or template files or folders; banks default to the bundled banks, "
                             "templates to the bundled templates")
    parser.add_argument("--add-templates", action="append", default=[], metavar="PATH",
                        help="template file or folder checked beside the bundled (or given) templates (repeatable)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (skipped template-fact pairs) as problems")
    parser.add_argument("--quiet", action="store_true", help="print problems only, no summary")


def run(args, env) -> ExitStatus:
    from quizgen.check import check_library
    from quizgen.library import load_library, load_paths

    library = (load_paths(args.paths, args.add_templates) if args.paths
               else load_library(added_template_paths=args.add_templates))
    report = check_library(library)
    for problem in report.errors:
        print(problem, file=env.stdout)
    for problem in report.warnings:
        print(f"{problem.path}:{problem.line}: warning: {problem.message}" if problem.line
              else f"{problem.path}: warning: {problem.message}", file=env.stdout)
    failed = report.errors or (args.strict and report.warnings)
    if not args.quiet:
        print(f"{'FAILED' if failed else 'OK'}: {report.facts} facts, {report.templates} templates, "
              f"{report.questions} questions built, {len(report.errors)} problems, "
              f"{len(report.warnings)} warnings", file=env.stderr)
        quotes = report.quotes
        print(f"Quotes: {quotes.verified} verified against article files, {quotes.unverified} unverified "
              f"(source has no file:), {quotes.paraphrased} paraphrases (unverified)", file=env.stderr)
    return ExitStatus.PROBLEMS_FOUND if failed else ExitStatus.OK
