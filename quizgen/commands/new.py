"""`quizgen new`: write a commented starter bank that passes `check`."""

from __future__ import annotations

from quizgen.exitstatus import ExitStatus

HELP = "write a commented starter bank (one true example fact of each standard kind)"
EXAMPLE = "quizgen new question_banks/space.yaml --title \"India's space missions\""


def add_arguments(parser):
    parser.add_argument("bank", metavar="BANK.yaml", help="the bank file to create (never overwritten)")
    parser.add_argument("--title", required=True, metavar="TEXT", help="the bank's title")
    parser.add_argument("--id", dest="bank_id", metavar="ID", help="the bank id (default: from the file name)")


def run(args, env) -> ExitStatus:
    import json
    from pathlib import Path

    from quizgen.errors import UsageError
    from quizgen.outputfile import check_writable_place, write_files

    path = Path(args.bank)
    if path.suffix not in (".yaml", ".yml"):
        raise UsageError(f"cannot write {path}: a bank is a .yaml file")
    if path.exists():
        raise UsageError(f"{path} already exists; choose another name (quizgen new never overwrites)")
    check_writable_place(path)
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("--title must not be empty")
    bank_id = args.bank_id or path.stem.replace("_", "-").lower()
    starter = (Path(__file__).resolve().parent.parent / "starter_bank.yaml").read_text(encoding="utf-8")
    text = (starter.replace("{id_yaml}", json.dumps(bank_id, ensure_ascii=False))
            .replace("{title_yaml}", json.dumps(title, ensure_ascii=False))
            .replace("{title}", title).replace("{id}", bank_id).replace("{path}", str(path)))
    write_files({path: text.encode("utf-8")})
    print(f"Wrote {path}. Next: quizgen check {path}", file=env.stderr)
    return ExitStatus.OK
