"""Word lists the confidentiality guard judges context with (all folded: lower case, no accents).

Data only; the rules that use them are described in guard_names.py.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names (first names, surnames, nicknames) that are also everyday English words: written in
# lower case they are read as the word; capitalized they are judged by how they are used.
COMMON_WORD_NAMES = _words(
    """
    hope will may grace faith rose joy june april august summer autumn winter dawn eve ivy lily daisy
    iris amber ruby pearl crystal jade jasmine hazel heather holly laurel olive violet willow sage river
    brook sky sunny star destiny harmony honor liberty trinity patience prudence charity mercy melody
    misty sandy penny robin jack mark bill pat sue rich ray art frank drew guy chase hunter grant miles
    earl king major rocky bob rob nick don dean gene wade cliff dale glen heath lane young brown white
    black green gray grey long short hill wood stone field bell rice love
    cook baker carter mason walker fisher porter parker turner cooper miller price page case banks wells
    rivers park hall bush best strong sharp sweet little small low church bond cash moody house wise
    good hardy day way fox kay lamb rice reed ward cross west north south east hale lake moss nash
    pope rose shaw snow storm swift wolf bird crane drake finch hawk lark wren cole sterling gold silver
    hart hunt knight marsh mills pierce ross sherman newman freeman noble payne power rush savage
    ball barber bishop butcher chambers cotton dean duke english gay giles hope jewel kidd
    bliss blaze blue brand brave cherry clay coral corey dusty ebony flint forest free gale garnet
    haven honey journey justice lucky marine meadow merry mint ocean rain reign rusty scarlet shadow
    sonny spring story sunshine tempest true valor
    al ed jo em bo di le do an ma oh ho so yu wu li ng
    sun tan van job kit cat dot ant nat dick ken kim will french welsh irish german court temple chapel
    """
)

# The commonest English words: a client recorded under one of them (a preferred name "The" cut
# from Theresa, "And" from Andrea) is never looked for by that word alone, only in a full name.
FUNCTION_WORDS = _words(
    """
    the a an and or but nor so yet for of in on at to by from with without about into onto over
    under up down out off than then that this these those there here where when why how what who
    whom whose which while as if because though he she it we they you me him her us them my your
    his its our their mine yours ours theirs is are was were be been being am do does did done
    have has had can could would shall should might must not no yes all any some each every both
    few many much more most other such only same too very just also now even still again ever
    never always man men woman women car cars den get got let say see saw new old one two
    three ten via per ago hers
    """
)

# Uppercase words that are abbreviations in clinical writing, never read as initials or names.
CLINICAL_ABBREVIATIONS = _words(
    """
    ok aa na ca ga oa ma sa coda smart halt iop php otp mat moud asam eap sud aud oud mh
    cbt dbt act mi si hi ua uds po er ed md do rn np pa pt ot st sw cm gp pcp lcsw lpc cadc
    tx rx dx hx sx prn bp hr iv im pm am id iq tv pc od dui dwi dv ipv cps dcf doc va ssi ssdi
    hiv hcv hep sti tb mri ct ekg ecg bac etoh thc cbd lsd pcp mdma ghb xr adhd ptsd ocd gad mdd
    bpd tbi aod sos fyi asap eta nb ps vm us usa uk eu ny nj pa ct ma ri nh vt me md de va wv
    nc sc fl al ms tn ky oh in il mi wi mn ia mo ar la ok tx ks ne sd nd mt wy co nm az ut nv id
    or wa ak hi dc pr ob gyn ed ems icu ft pt hs ged ssn llc inc jr sr ii iii iv qa qc it
    """
)

# Everyday-word names often capitalized as words: a capital mid-sentence is no evidence of a name.
CAPITALIZED_WORDS = _words("english french welsh irish german church court temple chapel")

# "Client's mother Grace", "Grace (sister) attended": a family member or other non-client.
RELATION_WORDS = _words(
    """
    mother mom mum mommy mama father dad daddy papa parent parents sister brother sibling sis bro
    wife husband spouse partner boyfriend girlfriend fiance fiancee fiancé fiancée ex son daughter
    child kid baby infant toddler stepson stepdaughter stepmother stepfather stepmom stepdad
    stepbrother stepsister aunt auntie uncle cousin niece nephew grandmother grandfather grandma
    grandpa granny grandparent granddaughter grandson grandchild godmother godfather godson
    goddaughter guardian caregiver roommate landlord landlady neighbor neighbour coworker
    colleague boss employer sponsor law
    """
)
# "Dr. Garcia", "her counselor Casey", "PO Smith": a professional, not a client.
ROLE_WORDS = _words(
    """
    dr doctor counselor counsellor therapist clinician psychiatrist psychologist nurse np prescriber
    physician pcp po officer probation parole attorney lawyer judge caseworker manager worker
    pastor priest reverend rev chaplain imam rabbi teacher coach professor prof agent detective
    """
)
# "Hope (peer) said", "Grace, a fellow group member, shared": the writer says it is a client.
PEER_WORDS = _words("peer peers member members groupmate groupmates")
PEER_SKIP = _words("a an another fellow group also the")
HONORIFICS = _words("mr mrs ms miss mx")
DETERMINERS = _words("a an the this that these those his her their my our your its every each")
# Abbreviations that end with a period without ending the sentence.
ABBREVIATIONS = _words("dr mr mrs ms mx st vs etc e g i jr sr prof rev approx")

MONTHS = _words("january february march april may june july august september october november december")
# "in May", "since June", "last April": the month.
MONTH_BEFORE = _words(
    "in on of since until till by during early late mid last next this through from before after "
    "every each around until"
)
SEASONS = _words("summer autumn winter spring fall")

# Sentence-initial "Hope shared …": the word after shows a person doing something.
PERSON_VERBS = _words(
    """
    said says shared shares stated states reported reports talked talks spoke speaks told tells asked
    asks agreed agrees offered offers gave gives helped helps mentioned mentions explained explains
    cried cries laughed laughs expressed expresses identified identifies processed processes
    presented presents participated participates attended attends described describes discussed
    discusses disclosed discloses admitted admits denied denies interrupted interrupts joined joins
    responded responds returned returns came comes went goes got gets left leaves arrived arrives sat
    sits walked walks has had feels felt seemed seems appeared appears became becomes started starts
    brought brings took takes made makes thanked thanks hugged hugs confronted confronts challenged
    challenges encouraged encourages supported supports validated validates relapsed relapses used
    uses drank drinks called calls texted texts missed misses wants wanted needs needed
    """
)
# "Will is new to group" (a person) against "Hope is what keeps him going" (the word).
PERSON_STATES = _words(
    """
    new doing feeling late absent present here back quiet upset struggling tearful engaged currently
    also still now in out sober clean working living staying late early away sick irritable anxious
    """
)
# Modal names: "Will continue", "may call": the verb, when a bare verb follows.
MODAL_NAMES = _words("will may")
# "good will", "free will", "the will to …": the noun, even before a verb-like word.
NOUN_BEFORE = DETERMINERS | _words("good ill free own strong against of with")

# "Art therapy", "Grace period", "Faith-based": the word, not the name.
NOUNS_AFTER = _words(
    """
    therapy class classes group groups program programs session sessions period break camp school
    job semester chest community communities church meeting meetings project projects festival
    time vacation holiday season schedule days months weeks sky skies
    """
)
# "a Christian church", "her Christian faith": an adjective, when one of these nouns follows.
ADJECTIVE_NAMES = _words("christian")
ADJECTIVE_NOUNS = _words(
    """
    church faith values beliefs community counseling counselling program music school group
    upbringing family recovery fellowship home friends
    """
)

# "moved to Austin", "lives in Jordan": the place.
PLACE_NAMES = _words(
    """
    austin dallas houston phoenix denver paris florence sydney georgia virginia carolina madison
    lincoln washington jackson charlotte savannah brooklyn camden trenton jordan israel holland
    england kent troy chelsea orlando tyler raleigh eugene cleveland aurora chester
    """
)
PLACE_BEFORE = _words("in from near visiting visited outside around downtown toward towards")
PLACE_VERBS = _words(
    "moved move moving drove drive driving trip travel traveled travelled went go going flew fly "
    "relocated relocate back returned"
)
# "accepted Jesus", "prays to God": faith, not a client.
FAITH_NAMES = _words("jesus christ god lord allah buddha mohammed muhammad")
FAITH_BEFORE = _words(
    "with in to about of accepted accept found believe believes believed faith pray prays prayed "
    "praying thank thanked trust trusts trusted love loves and"
)
