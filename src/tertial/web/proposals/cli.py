"""`tertial proposal-adopt`: record the council's adoption of a proposal from the command line
(the same service as the adopt screen; amounts as proposed)."""

import argparse

from tertial.core.errors import DomainError


def add_parser(sub) -> None:
    pa = sub.add_parser(
        "proposal-adopt", help="før inn kommunestyrets vedtak av et budsjettforslag fra tertialrapporten"
    )
    pa.add_argument("--year", type=int, required=True)
    pa.add_argument("--tertial", type=int, choices=[1, 2], required=True)
    pa.add_argument("--number", type=int, required=True, help="forslagets nummer")
    pa.add_argument("--reference", required=True, help="vedtakets saksnummer, f.eks. «PS 45/24»")
    pa.add_argument("--date", required=True, help="vedtaksdato, DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD")
    pa.set_defaults(func=cmd_proposal_adopt, db=True)


def cmd_proposal_adopt(args: argparse.Namespace) -> str:
    from tertial.importers.records import parse_date_text

    from .selectors import proposal_get
    from .services import proposal_adopt

    try:
        adopted_on = parse_date_text(args.date)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    proposal = proposal_get(year=args.year, period=4 * args.tertial, number=args.number)
    change = proposal_adopt(proposal=proposal, reference=args.reference, adopted_on=adopted_on, actor="cli")
    return (
        f"Forslag {proposal.number} «{proposal.title}» er vedtatt ({change.reference}, {change.adopted:%d.%m.%Y}) "
        f"og ført som budsjettendring {change.number}"
    )
