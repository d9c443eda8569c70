"""`quizgen extract`: propose draft facts from a news article, for a tutor to review."""

from __future__ import annotations

from quizgen.exitstatus import ExitStatus

MAX_ARTICLE_BYTES = 2_000_000
HELP = "propose draft facts (draft: true) from a news article's text, each quoting its sentence"
EXAMPLE = "quizgen extract articles/chandrayaan.txt -o question_banks/chandrayaan_draft.yaml"


def add_arguments(parser):
    parser.add_argument("article", metavar="ARTICLE.txt", help="the article as a UTF-8 text file")
    parser.add_argument("-o", "--output", required=True, metavar="DRAFT.yaml",
                        help="the draft bank to write (never overwritten); it cites the article by its path "
                             "relative to this file")
    parser.add_argument("--id", dest="bank_id", metavar="ID", help="the bank id (default: from the output name)")
    parser.add_argument("--title", metavar="TEXT", help="the bank title (default: the article's first line)")


def run(args, env) -> ExitStatus:
    import os
    import tempfile
    from pathlib import Path

    from quizgen.errors import LoadError, UsageError
    from quizgen.extract import draft_bank
    from quizgen.library import load_library
    from quizgen.outputfile import check_writable_place, write_files

    article, output = Path(args.article), Path(args.output)
    if output.suffix not in (".yaml", ".yml"):
        raise UsageError(f"cannot write {output}: a bank is a .yaml file")
    if output.exists():
        raise UsageError(f"{output} already exists; choose another name (quizgen extract never overwrites)")
    check_writable_place(output)
    try:
        if article.is_file() and article.stat().st_size > MAX_ARTICLE_BYTES:
            raise LoadError(f"larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; a news article is far shorter "
                            "(split it, or give the article's text only)", article)
        text = article.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError("no such file", article) from None
    except UnicodeDecodeError:
        raise LoadError("not a UTF-8 text file; save the article as plain UTF-8 text", article) from None
    except OSError as error:
        raise LoadError(f"cannot read it: {error.strerror}", article) from None
    relative = Path(os.path.relpath(article.resolve(), output.resolve().parent)).as_posix()
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), article.stem)
    title = " ".join((args.title or first_line).split())[:120] or article.stem
    bank_id = args.bank_id or output.stem.replace("_", "-").lower()
    yaml_text, proposals = draft_bank(text, relative, bank_id, title)
    if not proposals:
        raise UsageError(f"{article}: no dated events, figures, agreements, organisations, people or places "
                         "found; write the facts by hand (quizgen new)")
    # The draft must load cleanly (schema, quotes found in the article) before it is written.
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / output.name
        probe.write_text(draft_bank(text, article.resolve().as_posix(), bank_id, title)[0], encoding="utf-8")
        library = load_library([probe])
        if library.problems:
            raise UsageError(f"internal: the draft would not pass check: {library.problems[0].message}")
    write_files({output: yaml_text.encode("utf-8")})
    kinds: dict[str, int] = {}
    for proposal in proposals:
        kinds[proposal.kind] = kinds.get(proposal.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    print(f"Wrote {output}: {len(proposals)} draft facts ({summary}). Review them, remove `draft: true` "
          f"from those you keep, then: quizgen check {output}", file=env.stderr)
    return ExitStatus.OK
