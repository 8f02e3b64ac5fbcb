"""Common English given names and their nicknames, for the confidentiality guard.

Only names, as data: each line is a given name followed by its nicknames. A
client named "Jonathan" is also found as "Jon" or "Johnny"; a client registered
as "Bill" is also found as "William". A nickname is related to its given names
only, never to the other nicknames of the line (a "Will" is not a "Bill"), and
there are no chains ("Chris" is a nickname of Christopher and of Christine, but
Christopher is never taken for Christine).
"""

from __future__ import annotations

from functools import cache

CLUSTERS = """
jonathan jon jonny johnny nathan
john jon johnny jack
william will bill billy willie willy liam
robert bob rob bobby robbie bert
elizabeth liz beth betty lizzie eliza libby betsy
katherine kate katie kathy kat kit
catherine cathy kate katie cat
kathleen kathy kate katie
michael mike mikey mick mickey
james jim jimmy jamie
thomas tom tommy
daniel dan danny
christopher chris topher kit
christine chris chrissy tina
christina chris chrissy tina
alexander alex al xander sandy
alexandra alex sandy lexi sasha
samuel sam sammy
samantha sam sammy
matthew matt matty
nicholas nick nicky
anthony tony
stephen steve stevie
steven steve stevie
joseph joe joey
benjamin ben benny benji
margaret meg maggie peggy marge greta
jennifer jen jenny
susan sue susie suzy
patrick pat paddy
patricia pat patty tricia trish
richard rick ricky rich dick
edward ted ed eddie ned
edwin ed eddie
andrew andy drew
timothy tim timmy
gregory greg
jeffrey jeff
geoffrey jeff geoff
joshua josh
david dave davey
lawrence larry
laurence larry
ronald ron ronnie
donald don donnie
kenneth ken kenny
sandra sandy
rebecca becky becca
victoria vicky tori
abigail abby abbie gail
allison ally allie
alison ally allie
anthony ant
charles charlie chuck chaz
frederick fred freddie
albert al bert
alfred al alf fred
raymond ray
gerald gerry jerry
jerome jerry
leonard leo len lenny
nathaniel nate nathan
nathan nate
peter pete
philip phil
phillip phil
douglas doug
gabriel gabe
zachary zach zack
jacob jake
isaac ike
theodore theo ted teddy
vincent vince vinny
francis frank frankie fran
franklin frank
frances fran frannie
eugene gene
harold hal harry
henry hank harry
walter walt wally
wendy wen
barbara barb babs
deborah deb debbie
debra deb debbie
dorothy dot dottie
judith judy
kimberly kim
linda lindy
melissa mel missy
melanie mel
pamela pam
stephanie steph
teresa terri tess
theresa terri tess
valerie val
veronica ronnie
virginia ginny
cynthia cindy
amanda mandy
angela angie
jessica jess jessie
jacqueline jackie
josephine jo josie
joanne jo
samantha sammie
natalie nat
natasha tasha
olivia liv
penelope penny
priscilla cilla
suzanne sue suzy
emily em emmy
emma em
""".strip()


def _parse() -> dict[str, frozenset[str]]:
    related: dict[str, set[str]] = {}
    for line in CLUSTERS.splitlines():
        given, *nicknames = line.split()
        related.setdefault(given, set()).update(n for n in nicknames if n != given)
        for nickname in nicknames:
            if nickname != given:
                related.setdefault(nickname, set()).add(given)
    return {name: frozenset(forms) for name, forms in related.items()}


RELATED = _parse()


@cache
def other_forms(folded_name: str) -> frozenset[str]:
    """The other forms of a (folded, lower-case) given name: nicknames, or the given names of a nickname."""
    return RELATED.get(folded_name, frozenset())
