"""Nicknames and short forms of first names, mapped to the formal name (upper case, no
accents). One home for the list: the simulator draws its nicknames from it and the
resolution maps them back, so both sides agree on what a nickname is."""

from __future__ import annotations

NICKNAMES: dict[str, str] = {
    # English
    "BOB": "ROBERT", "BOBBY": "ROBERT", "ROB": "ROBERT", "ROBBIE": "ROBERT",
    "BILL": "WILLIAM", "BILLY": "WILLIAM", "WILL": "WILLIAM", "WILLIE": "WILLIAM",
    "JIM": "JAMES", "JIMMY": "JAMES", "JAMIE": "JAMES",
    "MIKE": "MICHAEL", "MIKEY": "MICHAEL", "MICK": "MICHAEL",
    "DAVE": "DAVID", "DAVEY": "DAVID", "JOHNNY": "JOHN", "JACK": "JOHN",
    "TOM": "THOMAS", "TOMMY": "THOMAS", "DICK": "RICHARD", "RICK": "RICHARD",
    "RICH": "RICHARD", "RICKY": "RICHARD", "CHRIS": "CHRISTOPHER", "JOE": "JOSEPH",
    "JOEY": "JOSEPH", "DAN": "DANIEL", "DANNY": "DANIEL", "MATT": "MATTHEW",
    "TONY": "ANTHONY", "STEVE": "STEVEN", "ANDY": "ANDREW", "DREW": "ANDREW",
    "KEN": "KENNETH", "KENNY": "KENNETH", "BEN": "BENJAMIN", "SAM": "SAMUEL",
    "GREG": "GREGORY", "JEFF": "JEFFREY", "JERRY": "GERALD", "LARRY": "LAWRENCE",
    "RON": "RONALD", "DON": "DONALD", "TIM": "TIMOTHY", "PAT": "PATRICK",
    "NICK": "NICHOLAS", "ED": "EDWARD", "EDDIE": "EDWARD", "TED": "EDWARD",
    "CHARLIE": "CHARLES", "CHUCK": "CHARLES", "HANK": "HENRY", "HARRY": "HENRY",
    "FRANK": "FRANCIS", "GENE": "EUGENE", "JON": "JONATHAN", "JOSH": "JOSHUA",
    "ALEX": "ALEXANDER", "ZACH": "ZACHARY", "NATE": "NATHAN", "TONI": "ANTONIA",
    "LIZ": "ELIZABETH", "BETH": "ELIZABETH", "BETTY": "ELIZABETH", "LIZZIE": "ELIZABETH",
    "KATE": "KATHERINE", "KATHY": "KATHERINE", "KATIE": "KATHERINE", "SUE": "SUSAN",
    "SUZY": "SUSAN", "PEGGY": "MARGARET", "MAGGIE": "MARGARET", "MEG": "MARGARET",
    "JENNY": "JENNIFER", "JEN": "JENNIFER", "BECKY": "REBECCA", "CINDY": "CYNTHIA",
    "DEBBIE": "DEBORAH", "PATTY": "PATRICIA", "TRISH": "PATRICIA", "MANDY": "AMANDA",
    "VICKY": "VICTORIA", "ABBY": "ABIGAIL", "SANDY": "SANDRA", "TERRY": "TERESA",
    # Spanish
    "PEPE": "JOSE", "CHEPE": "JOSE", "PACO": "FRANCISCO", "PANCHO": "FRANCISCO",
    "CHUY": "JESUS", "CHUCHO": "JESUS", "LUPE": "GUADALUPE", "LUPITA": "GUADALUPE",
    "MEMO": "GUILLERMO", "BETO": "ALBERTO", "TOÑO": "ANTONIO", "TONO": "ANTONIO",
    "NACHO": "IGNACIO", "LALO": "EDUARDO", "QUIQUE": "ENRIQUE", "KIKE": "ENRIQUE",
    "CHEMA": "JOSE MARIA", "RAFA": "RAFAEL", "TITO": "ALBERTO", "GOYO": "GREGORIO",
    "CHAVA": "SALVADOR", "CHAVO": "SALVADOR", "NANDO": "FERNANDO", "POLO": "LEOPOLDO",
    "CHALO": "GONZALO", "LENCHO": "LORENZO", "CHENTE": "VICENTE", "MONCHO": "RAMON",
    "PILI": "PILAR", "CONCHA": "CONCEPCION", "CONCHITA": "CONCEPCION", "LOLA": "DOLORES",
    "PAQUITA": "FRANCISCA", "MAYTE": "MARIA TERESA", "MARU": "MARIA EUGENIA",
    "CHELO": "CONSUELO", "CHAYO": "ROSARIO", "LUCHA": "LUZ", "NENA": "ELENA",
}
"""Nickname -> formal first name."""


def formal_names() -> dict[str, list[str]]:
    """Formal first name -> its nicknames (the simulator's direction), sorted."""
    out: dict[str, list[str]] = {}
    for nick, formal in sorted(NICKNAMES.items()):
        out.setdefault(formal, []).append(nick)
    return out
