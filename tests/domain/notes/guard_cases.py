"""Labeled cases for the confidentiality guard (synthetic names only).

Each case is a piece of a member's part, written by Sam Lee's counselor, and what a
careful reviewer expects for ``word`` in it: "block" (names or identifies another
client: signing must stop), "warn" (may be a name: shown, signing not stopped) or
"none". Any other blocking flag in the text is a false alarm. The roster is one
small program (the session's members, the rest of the group, people who left it,
other groups' clients) plus a background of 300 other clients whose names include
many everyday words (Walker, Price, Young, Joy, Summer …), so that ordinary
clinical text is checked against a realistic index.

``known_miss`` marks a case the guard gets wrong (an expected failure; it still counts
in the precision and recall figures).

The first part was written alongside the rules. The second batch (57 cases, 32 to
block) was written after them and labeled before it was run; on its first run the
guard scored precision 90.6 % and recall 90.6 % on it (3 false alarms: "Hope and
determination", "case manager, Ms. Price", "said Jesus"; 3 misses: "okoro" in lower
case, "Will, the newest member, shared", the roommate Priya). The first three and
the second led to rules (no "and" as a person's verb, titles skipped before a role
word, "Jesus" without accent read as faith, the aside rule); the other two misses
stay as known misses, with the labels unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

BLOCK, WARN, NONE = "block", "warn", "none"

# tier: "session" (at the session), "group" (current member, not at it), "recent"
# (left the group 5 days ago), "other" (another group), "client" (no current group)
OWN = "Sam Lee"
ROSTER: dict[str, tuple[str, ...]] = {
    "session": (
        "Jonathan Pryce", "Mary-Kate O'Brien", "José García", "Will Barnes", "Hope Winters",
        "Luca D’Angelo", "Robert Nguyen/Bobby", "Katherine Moreno", "Tomás Ibarra",
    ),
    "group": ("Quinn Abara", "Jordan Silva", "Mark Ellis", "Grace Tull", "Michael Osei", "Christian Vega"),
    "recent": ("Ravi Kumar", "May Chen", "Dawn Ferreira"),
    "other": (
        "Dana Whitlock", "Faith Okoro", "Art Delgado", "Austin Reyes", "Jesús Morales",
        "Elizabeth Hart", "Noor Haddad", "Kim Do",
    ),
    "client": ("Priya Natarajan", "William Ortiz", "Summer Hayes", "Frank Dorsey", "Zed Outsider"),
}  # fmt: skip
CHARTS = {"José García": "C-004417", "Dana Whitlock": "C-009120"}

_FIRST = """Aaron Abby Adrian Alicia Andre Angela Ben Bianca Brandon Carla Carlos Cheryl Colin Daisy Derek
Diane Eli Erica Felix Gina Hector Iris Jack Jasmine Keith Kendra Leon Lydia Marcus Nadia Omar Paula Rafael
Rosa Seth Tamara Victor Wendy Xavier Yvonne Joy June April Frank Grant Miles Chase Hunter Sky Rose Ray Guy
Drew Bill Pat Sue Rich Autumn Destiny Harmony Misty Sandy Penny Robin""".split()
_LAST = """Walker Cook Price Young Long Bell Hill Day Little Banks Page Case Park Hall Wood Stone Brown White
Green Gray Black King Rice Love Baker Carter Mason Fisher Porter Turner Cooper Miller Wells Rivers Lane
Bush Strong Sharp Sweet Moody Church Bond Cash House Wise Good Hardy Fox Reed Ward West Marsh Mills Hunt
Knight Pierce Ross Noble Payne Power Rush Ball Bishop Chambers English Flores Patel Singh Cohen Murphy
Rossi Schmidt Novak Kowalski Mensah Okafor Tanaka Sato Lindqvist Jensen Dubois Moreau""".split()
BACKGROUND = tuple(f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7) % len(_LAST)]}" for i in range(300))


@dataclass(frozen=True)
class Case:
    expected: str
    word: str  # the words judged (their first occurrence in the text)
    text: str
    topic: str
    extra: tuple[tuple[str, str], ...] = ()  # (tier, "First Last[/Preferred]") only for this case
    own: str = OWN
    known_miss: str = ""
    nth: int = 0  # which occurrence of ``word`` is judged

    @property
    def span(self) -> tuple[int, int]:
        start = -1
        for _ in range(self.nth + 1):
            start = self.text.index(self.word, start + 1)
        return start, start + len(self.word)


def case(expected: str, word: str, text: str, topic: str, *extra: tuple[str, str], own: str = OWN,
         known_miss: str = "", nth: int = 0) -> Case:
    assert word in text, (word, text)
    return Case(expected, word, text, topic, tuple(extra), own, known_miss, nth)


C = case
CASES: list[Case] = [
    # --- ordinary clinical text: nothing to flag -------------------------------------------------
    C(NONE, "Client", "Client arrived on time and participated actively.", "ordinary"),
    C(NONE, "AA", "Reports attending AA and NA meetings three times a week.", "abbreviations"),
    C(NONE, "OK", "Client said things at home are OK for now.", "abbreviations"),
    C(NONE, "SI", "Denies SI/HI; no safety concerns identified.", "abbreviations"),
    C(NONE, "UA", "UA collected today; results pending.", "abbreviations"),
    C(NONE, "PO", "Client will meet with the PO on Friday.", "abbreviations"),
    C(NONE, "ER", "Went to the ER last weekend for a sprained ankle.", "abbreviations"),
    C(NONE, "CBT", "Completed the CBT thought record and the DBT diary card.", "abbreviations"),
    C(NONE, "IOP", "Plan: continue IOP three days a week.", "abbreviations"),
    C(NONE, "MAT", "Continues MAT with buprenorphine; no missed doses.", "abbreviations"),
    C(NONE, "Monday", "Client missed Monday because of a court date.", "ordinary"),
    C(NONE, "Walmart", "Client started a new job at Walmart on the night shift.", "ordinary"),
    C(NONE, "Good", "Good insight into triggers shown today.", "everyday words, far clients"),
    C(NONE, "Long", "Long-term goal: six months of abstinence.", "everyday words, far clients"),
    C(NONE, "Price", "Price of rent is a major stressor this month.", "everyday words, far clients"),
    C(NONE, "Little", "Little progress on the sleep goal this week.", "everyday words, far clients"),
    C(NONE, "young", "Client described feeling young and reckless when using.", "everyday words, far"),
    C(NONE, "walker", "Uses a walker since the fall; no pain reported.", "everyday words, far clients"),
    C(NONE, "cook", "Works as a line cook and is often offered drinks after close.", "everyday words, far"),
    C(NONE, "banks", "Walked along the river banks to manage cravings.", "everyday words, far clients"),
    C(NONE, "Power", "Power was cut off at home; referred to energy assistance.", "everyday words, far"),
    C(NONE, "Day", "Day 30 of abstinence today.", "everyday words, far clients"),
    C(NONE, "Christmas", "Worried about Christmas with family who drink.", "ordinary"),
    C(NONE, "Narcotics", "Plans to attend Narcotics Anonymous on Saturday.", "ordinary"),
    C(NONE, "English", "Prefers written material in English.", "everyday words, far clients"),
    C(NONE, "peer", "Offered supportive feedback to a peer.", "ordinary"),
    C(NONE, "Client", "Client stated, 'This week was hard but I stayed on track.'", "ordinary"),
    C(NONE, "Reports", "Reports cravings 4/10, down from 7/10.", "ordinary"),
    C(NONE, "HALT", "Reviewed HALT and identified hunger as a trigger.", "abbreviations"),
    C(NONE, "US", "Client's partner is moving back to the US in March.", "abbreviations"),
    C(NONE, "Church", "Attends Church services with an aunt.", "everyday words, far clients"),
    C(NONE, "Green", "Green light from the physician to return to work.", "everyday words, far clients"),
    # --- session members' names, as written in many ways -----------------------------------------
    C(BLOCK, "Jonathan", "Gave feedback to Jonathan about rides.", "name"),
    C(BLOCK, "Pryce", "Sat beside Pryce during check-in.", "name"),
    C(BLOCK, "Jonathan Pryce", "Jonathan Pryce offered to drive.", "full name"),
    C(BLOCK, "jose", "Client gave feedback to jose.", "lower case"),
    C(BLOCK, "GARCIA", "PEER CONFLICT WITH GARCIA DISCUSSED.", "capitals"),
    C(BLOCK, "Jose", "Jose said the client was a good listener.", "accents"),
    C(BLOCK, "José", "Argued with José over the break.", "accents"),
    C(BLOCK, "Garcia", "Sat next to Garcia.", "accents"),
    C(BLOCK, "Mary-Kate", "Talked with Mary-Kate after group.", "hyphen"),
    C(BLOCK, "Mary–Kate", "Talked with Mary–Kate after group.", "en dash"),
    C(BLOCK, "Mary—Kate", "Talked with Mary—Kate after group.", "em dash"),
    C(BLOCK, "Mary\u2011Kate", "Talked with Mary\u2011Kate after group.", "non-breaking hyphen"),
    C(BLOCK, "Mary\u2212Kate", "Talked with Mary\u2212Kate after group.", "minus sign"),
    C(BLOCK, "Mary Kate", "Talked with Mary Kate after group.", "space for hyphen"),
    C(BLOCK, "MaryKate", "Talked with MaryKate after group.", "run together"),
    C(BLOCK, "O'Brien", "O'Brien shared a relapse.", "straight apostrophe"),
    C(BLOCK, "O’Brien", "Validated O’Brien's feelings.", "curly apostrophe"),
    C(BLOCK, "OʼBrien", "Validated OʼBrien's feelings.", "modifier apostrophe"),
    C(BLOCK, "O‘Brien", "Validated O‘Brien's feelings.", "left quote as apostrophe"),
    C(BLOCK, "OBrien", "Validated OBrien's feelings.", "apostrophe left out"),
    C(BLOCK, "D'Angelo", "Discussed D'Angelo's court date.", "curly in roster, straight in text"),
    C(BLOCK, "Dangelo", "Discussed Dangelo's court date.", "apostrophe left out"),
    C(BLOCK, "Bobby", "Bobby challenged the client's thinking.", "preferred name"),
    C(BLOCK, "Nguyen", "Role-played refusal skills with Nguyen.", "last name"),
    C(BLOCK, "Tomas", "Tomas and the client set a goal together.", "accents"),
    C(BLOCK, "IBARRA", "Paired with IBARRA for the exercise.", "capitals"),
    C(BLOCK, "Luca", "Luca's story moved the client to tears.", "possessive"),
    # --- nicknames ----------------------------------------------------------------------------------
    C(BLOCK, "Jon", "Talked with Jon after group.", "nickname"),
    C(BLOCK, "Johnny", "Johnny gave the client a ride.", "nickname"),
    C(BLOCK, "Kate", "Kate offered to share her number.", "nickname"),
    C(BLOCK, "Katie", "Client and Katie disagreed about meetings.", "nickname"),
    C(BLOCK, "Rob", "Rob shared about his kids.", "nickname"),
    C(BLOCK, "Mike", "Client encouraged Mike to call his sponsor.", "nickname (group member)"),
    C(BLOCK, "Liz", "Ran into Liz from the Tuesday group at a meeting.", "nickname, another group"),
    C(BLOCK, "Beth", "Beth from the evening group texted the client.", "nickname, another group"),
    C(BLOCK, "Bill", "Client has been calling Bill for support.", "nickname of a far client"),
    C(BLOCK, "Jon Pryce", "Jon Pryce offered to drive.", "nickname with last name"),
    C(NONE, "Sammy", "Sammy is what the client's family calls him.", "own nickname"),
    # --- initials -------------------------------------------------------------------------------------
    C(BLOCK, "J.S.", "Client and J.S. argued at the break.", "initials (group member)"),
    C(BLOCK, "J. S.", "Client and J. S. argued at the break.", "initials, spaced"),
    C(BLOCK, "JS", "Client and JS argued at the break.", "initials, undotted"),
    C(BLOCK, "M.C.", "Client asked about M.C. who left the group.", "initials of a recent member"),
    C(BLOCK, "J.G.", "J.G. shared first.", "initials"),
    C(WARN, "D.W.", "Client mentioned D.W. from another group.", "dotted initials of a far client"),
    C(NONE, "DW", "Client mentioned DW at the end.", "undotted initials of a far client"),
    C(NONE, "S.L.", "S.L. reports no use this week.", "own initials"),
    C(NONE, "NA", "Attends NA on Thursdays.", "abbreviation, not initials"),
    C(NONE, "A.A.", "Attends A.A. on Thursdays.", "dotted abbreviation"),
    C(NONE, "P.M.", "Group ran until 8 P.M. tonight.", "dotted abbreviation"),
    C(NONE, "J.M.S.", "Read the article by J.M.S. on cravings.", "three initials"),
    C(NONE, "QA", "Chart reviewed for QA by the office.", "abbreviation that is a member's initials"),
    # --- every client of the program, near first ---------------------------------------------------
    C(BLOCK, "Quinn", "Mentioned Quinn, who was absent today.", "group member not at the session"),
    C(BLOCK, "Ravi", "Client misses Ravi, who left the group last week.", "left five days earlier"),
    C(BLOCK, "Kumar", "Client misses Kumar.", "left five days earlier, last name"),
    C(BLOCK, "Dana", "Met Dana from the Tuesday group at the bus stop.", "another group"),
    C(BLOCK, "Whitlock", "Client and Whitlock carpool.", "another group, last name"),
    C(BLOCK, "Noor", "Client said Noor is a good friend.", "another group"),
    C(BLOCK, "Priya", "Client has been texting Priya daily.", "a client in no group"),
    C(BLOCK, "Zed", "Mentioned Zed at check-in.", "a client in no group"),
    C(NONE, "noor", "Client's mantra is noor, light.", "lower case, far client"),
    C(BLOCK, "C-004417", "Scanned under C-004417 by mistake.", "chart number"),
    C(BLOCK, "c-009120", "Lab slip had c-009120 on it.", "chart number, another group"),
    # --- everyday-word names: judged by use -------------------------------------------------------
    C(NONE, "Will", "Will continue to attend Tuesday group.", "modal verb at sentence start"),
    C(NONE, "Will", "Will not return until the court date is set.", "modal verb at sentence start"),
    C(WARN, "Hope", "Hope is what keeps him going.", "noun at sentence start"),
    C(WARN, "hope", "Client expressed hope for the week.", "lower case"),
    C(WARN, "will", "Shows good will toward the group.", "lower case"),
    C(NONE, "will", "Client will call the clinic tomorrow.", "lower-case modal"),
    C(WARN, "hope's", "Client said hope's story helped him.", "lower-case possessive"),
    C(WARN, "will's", "Client borrowed will's notebook.", "lower-case possessive"),
    C(BLOCK, "Will's", "Client borrowed Will's notebook.", "possessive"),
    C(BLOCK, "Hope", "Hope’s story helped the client.", "possessive, curly apostrophe"),
    C(BLOCK, "Will", "Will shared first and the client followed.", "sentence start, person's verb"),
    C(BLOCK, "Hope", "Hope said the client seemed sad.", "sentence start, person's verb"),
    C(BLOCK, "Hope", "Hope is new to group and sat with the client.", "sentence start, person's state"),
    C(BLOCK, "Will", "Client talked with Will about rides.", "mid-sentence"),
    C(BLOCK, "Grace", "Client talked about her mother. Grace shared next.", "relation word ends a sentence"),
    C(BLOCK, "Hope", "Client thanked Hope for the advice.", "mid-sentence"),
    C(BLOCK, "Will", "Thanks, Will, said the client.", "vocative"),
    C(BLOCK, "Grace", "Sat with Grace during the video.", "group member, mid-sentence"),
    C(WARN, "Grace", "Client's mother Grace attended the family session.", "relation word before"),
    C(WARN, "Grace", "Grace (mother) attended the family session.", "relation word after"),
    C(WARN, "Grace", "Grace, client's aunt, drove her to group.", "relation word after"),
    C(WARN, "Hope", "Client has a sister named Hope who also struggles.", "relation word before"),
    C(BLOCK, "Grace", "Grace, who sits by the door, cried today.", "sentence start, aside, verb"),
    C(NONE, "May", "Court date is May 5.", "month"),
    C(NONE, "May", "Client relapsed in May and has been sober since.", "month"),
    C(NONE, "May", "May attend the later group if work allows.", "modal"),
    C(BLOCK, "May", "May shared her discharge plan before leaving.", "recent member, person's verb"),
    C(BLOCK, "May", "Client misses May since she left.", "recent member, mid-sentence"),
    C(BLOCK, "Mark", "Mark reported a slip over the weekend.", "sentence start, person's verb"),
    C(WARN, "Mark", "Mark the date of the family session in the planner.", "imperative"),
    C(NONE, "Art", "Art therapy helped the client express anger.", "noun before a noun"),
    C(BLOCK, "Art", "Client sat next to Art.", "another group, mid-sentence"),
    C(NONE, "Faith", "Faith-based programs were offered.", "compound"),
    C(BLOCK, "Faith", "Client and Faith exchanged numbers.", "another group, mid-sentence"),
    C(NONE, "faith", "Client's faith is a source of strength.", "lower case, far client"),
    C(NONE, "Christian", "Client attends a Christian church.", "adjective"),
    C(BLOCK, "Christian", "Christian offered the client a ride.", "name"),
    C(NONE, "Summer", "The Summer program starts soon.", "after a determiner, far client"),
    C(NONE, "summer", "Plans a trip this summer.", "lower case, far client"),
    C(BLOCK, "Summer", "Client has been seeing Summer outside of group.", "far client, mid-sentence"),
    C(BLOCK, "Dawn", "Client walked out with Dawn after group.", "recent member"),
    C(WARN, "dawn", "Client woke at dawn with cravings.", "lower case, recent member"),
    C(NONE, "Frank", "Frank discussion of relapse triggers followed.", "adjective at sentence start"),
    C(BLOCK, "Frank", "Client argued with Frank.", "far client, mid-sentence"),
    C(NONE, "Grace", "Grace period for the fine ends Friday.", "noun before a noun"),
    C(WARN, "Hope", "Client lives on Hope Street now.", "street"),
    C(NONE, "Young", "Young adults group was discussed as an option.", "everyday word"),
    C(NONE, "Joy", "Joy was evident when the client got the job.", "emotion, far client"),
    C(BLOCK, "Joy", "Client and Joy met at the bus stop.", "far client, mid-sentence"),
    C(BLOCK, "Will", "Client gave feedback to Will Barnes.", "full name"),
    C(NONE, "Sky", "Sky was clear on the walk outside.", "far client, sentence start"),
    # --- family, staff and other people ---------------------------------------------------------------
    C(WARN, "Silva", "Client reported to PO Silva.", "role word before"),
    C(WARN, "García", "Dr. García adjusted the dose.", "role word before"),
    C(WARN, "Dana", "Her sponsor, Dana, came to the meeting.", "relation word before"),
    C(WARN, "Quinn", "Client's boyfriend Quinn picked her up.", "relation word before"),
    C(BLOCK, "Barnes", "Mr. Barnes interrupted the client.", "title"),
    C(BLOCK, "Dana", "Talked with her peer Dana about meetings.", "peer"),
    C(WARN, "Casey", "Counselor Casey reviewed the plan.", "staff who shares a client's name",
      ("other", "Casey Morgan")),
    # --- places and faith ------------------------------------------------------------------------------
    C(NONE, "Austin", "Client moved to Austin for work.", "place"),
    C(NONE, "Austin", "Client's family lives in Austin.", "place"),
    C(BLOCK, "Austin", "Client talked with Austin after group.", "another group, name"),
    C(NONE, "Jesus", "Client has accepted Jesus and prays daily.", "faith"),
    C(NONE, "Jordan", "Client visited Jordan last year.", "place"),
    C(BLOCK, "Jordan", "Client sat next to Jordan.", "group member"),
    # --- the client's own names -------------------------------------------------------------------
    C(NONE, "Sam", "Sam reports no use since last session.", "own name"),
    C(NONE, "Lee", "Lee stated the week was hard.", "own name"),
    C(NONE, "Samuel", "Samuel is the client's legal name.", "own nickname form"),
    C(NONE, "Mary-Kate", "Mary-Kate reports no use.", "own name containing a peer's",
      ("session", "Mary Jensen"), own="Mary-Kate Flynn"),
    C(BLOCK, "Mary", "Mary-Kate sat with Mary.", "a peer's name that is part of the own one",
      ("session", "Mary Jensen"), own="Mary-Kate Flynn", nth=1),
    # --- short names -------------------------------------------------------------------------------------
    C(NONE, "do", "Client said, what do I do now?", "two-letter surname in lower case"),
    C(BLOCK, "Do", "Client and Do talked at the break.", "two-letter surname, mid-sentence"),
    # --- second batch, written after the rules and labeled before being run ---------------------------
    C(BLOCK, "Katherine", "During the role-play Katherine played the landlord.", "name"),
    C(BLOCK, "Moreno", "Client and Moreno practiced refusal skills.", "last name"),
    C(BLOCK, "Jonathan", "Jonathan’s sponsor called the clinic.", "possessive"),
    C(BLOCK, "Ravi", "Client asked whether Ravi would come back.", "recent member"),
    C(BLOCK, "Faith Okoro", "Saw Faith Okoro at the pharmacy.", "full name, another group"),
    C(BLOCK, "okoro", "okoro and the client argued.", "lower case, another group",
      known_miss="a far client's name in lower case is read as an ordinary word"),
    C(BLOCK, "Mark Ellis", "Client reports Mark Ellis has been calling him.", "full name"),
    C(BLOCK, "Christian", "Shared a ride with Christian and another member.", "name that is an adjective"),
    C(BLOCK, "Tomás", "Tomás’ mother died last year, client shared.", "possessive after s"),
    C(BLOCK, "Nguyen", "Client felt judged by Nguyen during feedback.", "last name"),
    C(BLOCK, "Jordan", "Jordan S. sat next to the client.", "name and initial"),
    C(BLOCK, "Quinn", "Client described Quinn as 'like a brother'.", "name before a relation word"),
    C(BLOCK, "Hope", "Client sat beside Hope at check-in.", "everyday word, mid-sentence"),
    C(BLOCK, "Dawn", "Told Dawn she looked well.", "recent member"),
    C(BLOCK, "Will", "Will, the newest member, shared his story.", "sentence start, comma"),
    C(BLOCK, "Grace", "Grace's relapse upset the client.", "possessive"),
    C(BLOCK, "May", "Client is worried about May, who left the group.", "recent member"),
    C(BLOCK, "J.S.", "J.S. and client exchanged numbers.", "initials at sentence start"),
    C(BLOCK, "K.M.", "Client was paired with K.M. for the exercise.", "initials"),
    C(BLOCK, "R.K.", "R.K. left the group; client misses him.", "initials of a recent member"),
    C(WARN, "D.W.", "Client saw D.W. at a meeting.", "dotted initials, another group"),
    C(BLOCK, "Priya", "Client’s roommate is Priya, who is also in treatment here.", "roommate, a client",
      known_miss="a relation word makes it a warning: the guard cannot tell the roommate is a client"),
    C(BLOCK, "Bobby", "Bobby’s sister drove the client.", "preferred name, possessive"),
    C(BLOCK, "Liz", "Gave Liz a ride home.", "nickname, another group"),
    C(BLOCK, "Johnny", "Client says Johnny owes him money.", "nickname"),
    C(BLOCK, "MaryKate O’Brien", "Client sat with MaryKate O’Brien.", "full name, run together"),
    C(BLOCK, "D’Angelo", "Client compared herself to D’Angelo.", "curly apostrophe"),
    C(BLOCK, "Jose Garcia", "Jose Garcia Jr. was mentioned by the client.", "full name"),
    C(BLOCK, "Silva", "Noted tension between client and Silva.", "last name"),
    C(BLOCK, "Kumar", "Client misses Kumar's jokes.", "possessive, recent member"),
    C(WARN, "will", "Client's will is being contested by his siblings.", "lower case noun"),
    C(WARN, "Hope", "Hope and determination were evident.", "noun at sentence start"),
    C(NONE, "May", "May was a difficult month for the client.", "month at sentence start",
      known_miss="an ambiguous sentence start is warned when a near client has the name (May Chen)"),
    C(NONE, "art", "Client will art-journal as homework.", "lower case, far client"),
    C(NONE, "rose", "Client rose early and went to a meeting.", "lower case, far client"),
    C(NONE, "frank", "Reported feeling frank relief after court.", "lower case, far client"),
    C(NONE, "Rich", "Rich discussion of values followed.", "adjective at sentence start"),
    C(NONE, "Chase", "Chase Bank closed the client's account.", "company"),
    C(NONE, "Young", "Client drove past Young Street on the way.", "street"),
    C(NONE, "Grant", "Grant money covers the client's transportation.", "noun at sentence start"),
    C(NONE, "Summer", "Client signed up for Summer session classes.", "noun before a noun"),
    C(NONE, "will", "Client stated, 'I will not drink again.'", "lower-case modal"),
    C(NONE, "Faith", "Faith in recovery is growing.", "noun at sentence start, far client"),
    C(WARN, "mark", "Client will mark progress on a calendar.", "lower-case verb, group member"),
    C(WARN, "Okafor", "Dr. Okafor prescribed naltrexone.", "physician who shares a client's name"),
    C(BLOCK, "Grace Tull", "Client's aunt Grace Tull picked her up.", "full name after a relation word"),
    C(WARN, "Price", "Client met his case manager, Ms. Price, on Tuesday.", "role word, then a title"),
    C(NONE, "Hill", "Client lives near the Hill district.", "after a determiner"),
    C(NONE, "Bill", "Bill for the ER visit arrived.", "noun at sentence start"),
    C(WARN, "Reyes", "Patient’s PCP, Dr. Reyes, ordered labs.", "physician"),
    C(NONE, "SMART", "Talked about AA, NA and SMART Recovery options.", "abbreviations"),
    C(WARN, "Summer", "Client's daughter, Summer, turns five next week.", "relation word before"),
    C(NONE, "Jesus", "Client said Jesus saved his life.", "faith"),
    C(NONE, "June", "In June the client will step down to OP.", "month"),
    C(NONE, "Will", "Will power came up as a theme.", "noun at sentence start"),
    C(BLOCK, "Hope", "Client and Hope’s boyfriend used together.", "possessive"),
    C(BLOCK, "ROBERT NGUYEN", "ROBERT NGUYEN ARRIVED LATE.", "full name in capitals"),
    # --- found on the demo clinic (preferred names cut from first names) ---------------------------
    C(NONE, "The", "The group practiced DEAR MAN skills.", "a client recorded as The, one as Man",
      ("group", "Theresa Phillips/The"), ("other", "Manuel Phelps/Man")),
    C(NONE, "she", "Client said she felt judged, and she left early.", "a client recorded as She",
      ("group", "Sheila Burke/She")),
    C(BLOCK, "Man", "Client gave Man a ride home.", "a client recorded as Man, capitalized mid-sentence",
      ("group", "Manuel Phelps/Man")),
    # --- found in the notes review: an everyday-word name used as a name, yet only warned ----------
    C(BLOCK, "Hope", "Hope W. said the client seemed sad.", "name and the peer's last initial"),
    C(BLOCK, "May", "Client sat beside May C. during check-in.", "name and last initial, recent member"),
    C(WARN, "Hope", "Hope K. from the front desk called.", "name and another initial"),
    C(BLOCK, "Hope", "Hope, Sam and two staff stayed late.", "a list of clients' names"),
    C(BLOCK, "Hope", "Stayed after group: Hope/Sam.", "a list after a colon"),
    C(WARN, "Hope", "Hope, faith and patience helped him.", "a list of words"),
    C(BLOCK, "Hope", "Hope (peer) offered the client a ride.", "called a peer"),
    C(BLOCK, "Grace", "Grace, a fellow member, and the client talked.", "called a member"),
    C(WARN, "Hope", "Hope, peer support and structure helped him.", "a list of words, one of them peer"),
    C(BLOCK, "Hope", "Client said that Hope relapsed.", "conjunction that, a person's verb"),
    C(NONE, "Grace", "Client said that Grace period ended.", "noun before a noun, after that"),
    # --- known limits -------------------------------------------------------------------------------
    C(BLOCK, "Will", "Client's brother Will, also a member of this group, drove him.", "relative, a client",
      known_miss="a relation word makes it a warning: the guard cannot tell the brother is the member"),
    C(BLOCK, "Hope", "Hope is a veteran and related to the client's story.", "person at sentence start",
      known_miss="'Hope is a …' stays ambiguous: a warning, not a block"),
]  # fmt: skip
