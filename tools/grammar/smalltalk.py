"""What a sentence of chat looks like: how chat before a request starts (`_CHAT_LEAD`: a
greeting, the user's own doings, "quick one") and how chat after it starts (`_CHAT_TAIL`:
thanks, sign-offs, what the user will do), a greeting (`_GREETING`), a name signing off
(`_NAME`), the writer introduced (`_introduces`, `_said_aside`), talk that names nothing
(`_talk`), what a marketer is making, who wants the list and what they will do to the
people (`_CAMPAIGN`, `_TEAM`, `_TO_THEM`); and the words that keep a sentence in the
request: people pointed back at or wanted (`_POINTING`, `_WANTS_SOME`, `_names_some`).
Chat around a request (`chat`), between its parts (`asides`) and before a pointer back
(`referents`) is read by these same shapes, so they live here, below all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tools.grammar.sentences import EMOJI
from tools.grammar.words import TEAM_NOUNS, names_people

__all__: list[str] = []  # (the shapes are the chat readers' own, inside this package)


# a greeting and whom it greets ("hey team, ...", "Hi all! ...")
_GREETS = (r"(?:(?:hi|hello|hey|hiya|howdy|yo|dear|greetings|morning|gm|good\s+(?:morning|afternoon|"
           r"evening))\b(?:\s+[\w'’]+){0,2}\s*[,!]+\s*"
           # ("hey team customers in ...", "ok team, ..."): whom it greets, no comma after
           # (they were asked about as conditions; review 142)
           r"|(?:hi|hello|hey|hiya|yo|ok(?:ay)?|alright)\s+(?:team|all|folks|guys|everyone|"
           r"everybody|y['’]?all|gang|friends|peeps)\b\s*[,!.]*\s+(?![-–—:(]))")
# What a marketer is making, whose name is context whatever it says ("the spring apparel drop").
_CAMPAIGN = (r"(?:campaign|push|launch|promo|promotion|sale|newsletter|blast|mailer|event|test|brief|"
             r"tour|lookbook|roadshow|"
             r"outreach|drive|opening|preview|pilot|party|anniversary|recap|flow|initiative|"
             r"drop|nudge|reminder|series|program|programme|box|bundle|kit|deck|catalog|catalogue|"
             r"list|thing|project|effort|activation|sampler|sampling|re-?engagement|reactivation|"
             r"line|collection|night|evening|weekend|dinner|tasting|demo|giveaway|contest|"
             r"survey|webinar|workshop|offer|deal|coupon|invite|invitation|mailing|postcard|"
             r"flyer|announcement|ad|peek|pop-?up|lounge|gala|reception|brunch|breakfast|lunch|"
             r"luncheon|"
             r"meetup|celebration|festival|fair|expo|summit|conference|showcase|soir[eé]e|mixer|"
             r"happy\s+hour|open\s+house|idea|concept|brainstorm|experiment|angle|partner(?:ship)?|"
             r"up-?sell|cross-?sell|study|panel|raffle|sweepstakes|analysis|analyses|analytics|report|"
             # ("list hygiene", "channel migration", "holiday gifting plan",
             # "reactivation wave 2", "loyalty thank-you")
             r"hygiene|clean-?up|migration|nurture|gifting|plan|thank-?you|wave(?:\s+\d)?|"
             r"re-?targeting|recruiting|recruitment|refresh|relaunch|roll-?out|kick-?off|rebrand|"
             r"teaser|countdown|round-?up|spotlight|drip|stream|cohort|journey|sequence|cadence|"
             r"check-?in"
             r")s?(?:\s+(?:campaign|push|launch|promo|"
             r"mailer|email|flow|drop|series|program|test|blast|sale|event)s?)*")
_DOINGS = (r"(?:working|planning|putting|prepping|preparing|launching|running|gearing|kicking|trying|"
           r"building|drafting|designing|doing|testing|sending|trialling|trialing|setting|"
           r"following|lining|getting|organi[sz]ing|scoping|thinking|considering|brainstorming|"
           r"pitching|mulling|sorting|arranging|hosting|throwing|finali[sz]ing|wrapping|seeing)")
# what the user will do to the people: "we want to text them", "so I can thank them"
_TO_THEM = (r"(?:(?:we|i)\s*(?:['’]d|would)?\s+)?(?:want|need|plan|hope|like|going|intend)\s+to\s+"
            r"\w+\s+(?:them|those|these)\b|so\s+(?:that\s+)?(?:we|i)\s+can\s+\w+\s+"
            r"(?:them|those|these)\b")
# How chat before a request starts: a greeting, the user's own doings ("I'm putting
# together...", "We're planning...", "Working on..."), "quick one".
_MAKING_GOES = (rf"(?:our|the|my|this|a)\s+(?:[\w'’&-]+\s+){{0,4}}?{_CAMPAIGN}\s+(?:lands?|"
                r"launch(?:es)?|goes|starts?|kicks?\s+off|drops?|opens?|runs?|will|happens|is\s+(?:"
                r"going|coming|launching|starting|landing|dropping|happening|"
                # "The campaign is for spring 2026": when it runs, never when they bought
                r"for|in|on|set|scheduled|planned|timed|due))\b")
_CHAT_LEAD = re.compile(
    # (after a word that says background follows: "ok so context: I'm Leo, ...")
    r"^\W*(?:(?:ok(?:ay)?|so|well|right)\W+)*(?:(?:some|quick|a\s+bit\s+of)\s+)?(?:context|background|"
    r"backstory)\s*[:,-]\s*(?=\S)|"
    r"^\W*(?:hi|hello|hey|hiya|howdy|yo|gm|greetings|(?:good\s+)?(?:morning|afternoon|evening)|"
    r"happy\s+\w+|quick\s+(?:one|question|ask|favou?r|request)|hope\s+(?:you|your|all|this|the)\b|"
    # "Ok last one today I promise 😂": which ask of the day this is
    r"(?:ok(?:ay)?\W+|so\W+)?(?:last|final|one\s+more|another)\s+(?:one|q|question|ask|request)\b|"
    rf"(?:[\w&'’-]+\s+){{1,5}}{TEAM_NOUNS}\s+(?:here|again|checking\s+in)\b|"
    # who the writer is, then what they are doing ("Lifecycle marketer here, putting ...")
    r"(?:[\w&'’-]+\s+){1,3}here\s*[,;:-]\s*(?:\w+ing)\b|"
    # what the user is making, doing something: "Our new collection lands soon", "the
    # delivery pilot launches in three cities"
    rf"{_MAKING_GOES}|"
    # where the writer sits: "I'm on the beauty team", "we're with the Boston office"
    r"(?:i['’]?m|i\s+am|we['’]?re|we\s+are)\s+(?:on|in|with|from|part\s+of)\s+(?:the|our)\s+"
    rf"(?:[\w&'’-]+\s+){{0,3}}(?:{TEAM_NOUNS}|side)\b|"
    # the writer named, going on about what they do: "I'm Omar, I handle partnerships, ..."
    r"(?:i['’]?m|i\s+am|this\s+is|it['’]?s|my\s+name\s+is)\s+(?-i:[A-Z][a-z]+)"
    r"(?:\s*,|\s+(?:here|from|on|and)\b)|"
    # someone else's plans: "product wants to test an app download nudge"
    r"(?:[\w'’-]+\s+){1,4}(?:wants?|needs?|would\s+like|is\s+planning|are\s+planning|"
    r"plans?|hopes?)\s+to\s+(?!(?:see|find|get|pull|reach|target)\b)\w+\b|thinking\s+about\b|"
    r"(?:(?:so|and|ok|okay|well)\W+)?(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|just|"
    r"now|currently|recently|newly))?\s+(?:[\w-]+ing|got|have|had|just|also|currently|been|joined|"
    r"started|moved)\b|"
    # what the user thinks or saw: "We think some folks live in the app"
    r"(?:i|we)\s+(?:think|believe|suspect|feel|noticed|notice|figure|guess|reckon|wonder|"
    r"know|heard|hear|saw)\b|"
    # the user's job: "I run the Midwest campaigns", "we look after the app"
    r"(?:i|we)\s+(?:run|manage|own|lead|handle|oversee|support|cover|head\s+up|look\s+after|"
    r"work\s+(?:on|in|with|for)|am\s+(?:in\s+charge\s+of|responsible\s+for))\b|"
    # what someone or something is doing: "Sam and I are prepping ...", "the beauty squad is
    # running ...", "our win-back flow is struggling with ..."
    r"(?:[\w'’&-]+\s+){1,4}(?:is|are|am|was|were)\s+(?:[\w-]+ing)\b|"
    rf"{_DOINGS}\s)", re.I)
# a guess at how many people there are ("Lowkey think there's a bunch of them.", "Probably
# a small list tbh"): said after the request, it names no condition
_SIZE_GUESS = (r"(?:(?:low-?key|honestly|tbh|probably|prob|i\s+bet|my\s+guess\s+is|(?:i|we)\s+"
               r"(?:think|guess|reckon|suspect|imagine|assume|bet|hope|expect))\W+)*"
               r"(?:(?:think|guess|reckon|suspect|imagine|bet|assume|hope|expect)\s+)?"
               r"(?:there(?:['’]s|['’]re|\s+(?:is|are|will\s+be|should\s+be|might\s+be|could\s+be))|"
               r"(?:it|that|this)(?:['’]s|['’]ll\s+be|\s+(?:is|will\s+be|should\s+be|might\s+be|"
               r"could\s+be))|)\s*(?:probably\s+|likely\s+|only\s+|just\s+|quite\s+)?"
               r"(?:a\s+(?:bunch|lot|ton|handful|few|couple)|lots|loads|tons|heaps|plenty|quite\s+a\s+few|"
               r"not\s+(?:that\s+|too\s+|very\s+)?many|hundreds|thousands|many|"
               r"a\s+(?:(?:pretty|fairly|very|really)\s+)?(?:big|small|huge|tiny|decent|short|long|"
               r"large)\s+(?:list|group|number|one|crowd|audience|segment))"
               r"(?=\s*(?:of\s+(?:them|those|these|['’]em)|out\s+there)?\s*(?:lol|haha|tbh)?\W*$)")
# when the list is needed, said after or around the request ("next week is fine", "need it
# this week", "needed by Oct 25"; never "needed by 30 days", a window): `chat` too
NEEDED_WHEN = (r"(?:(?:(?:by\s+)?(?:next|this)\s+week|tomorrow|today|tonight|(?:mon|tues|wednes|"
               r"thurs|fri|satur|sun)day|eod|eow|whenever|any\s*time)\s+(?:is|would\s+be|works)\s+"
               r"(?:fine|ok(?:ay)?|great|good|perfect)\b|"
               r"need(?:ed)?\s+(?:it|this|them|these|the\s+list)\s+(?:this|next)\s+week\b|"
               r"need(?:ed)?\s+(?:(?:it|this|them|these|the\s+list)\s+)?(?:by|before)\s+"
               r"(?!\d+\s*(?:days?|weeks?|months?|years?)\b))")
# a guess at the list's size with a figure ("Guessing ~500.", "rough size ~400?", "should be
# a few thousand I'd guess"): no figure of the people
_SIZE_FIGURE = (r"(?:(?:rough|realistic|ballpark|expected|estimated|my)\s+(?:guess|size|count|"
                r"number|estimate)(?:\s+is)?|guess(?:ing)?|(?:it|that|this|the\s+list|the\s+(?:size|count))\s+"
                r"(?:should|might|will|would)\s+be|i['’]d\s+guess)\s*"
                r"[:~≈]?\s*(?:maybe\s+|about\s+|around\s+|like\s+|roughly\s+)?~?\s*"
                r"(?:a\s+few\s+)?(?:\d[\d,.]*k?|hundred|hundreds|thousand|thousands)\b"
                r"(?:\s+(?:people|customers|folks|ppl|names|rows))?\s*(?:i['’]d\s+guess|or\s+so|ish)?"
                r"(?=\W*$)")
# a wish about the list itself, politely put ("If you could send the list too that would be
# amazing", "if u can turn it around by Friday that'd be a huge help")
_IF_YOU_COULD = (r"if\s+(?:you|u)\s+(?:could|can|would|don['’]t\s+mind)\s+(?:also\s+|please\s+)?"
                 r"(?:[\w'’-]+\s+){1,3}?(?:it|this|that|them|those|the\s+(?:list|file|ids|csv|"
                 r"results|numbers?|count|segment|audience))(?:\s+(?:too|as\s+well|also|over|across|"
                 r"back|around|today|tomorrow|soon|quickly|asap|by\s+\w+))*\W+(?:that|it|this)\s*"
                 r"(?:['’]d|\s+would|\s+will)\s+be\s+(?:(?:really|so|super|very|just|a)\s+)*"
                 r"(?:great|amazing|awesome|ideal|lovely|helpful|perfect|fab|fantastic|brilliant|"
                 r"wonderful|ace|appreciated|nice|grand|huge|help|lifesaver)(?=\W*$)")
# How chat after a request starts: thanks and sign-offs (a name may follow: "Cheers,
# Dana"), or what the user will do ("We're testing ...", "want to win them back").
# the result asked for, after the request ("Could you let me know the count once you have
# it?", "send me the list when it's ready"): what every run gives
_SEND_RESULT = (r"(?:(?:could|can|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|also\s+)?)?"
                r"(?:let\s+(?:me|us)\s+know|tell\s+(?:me|us)|send\s+(?:me|us)|share|give\s+(?:me|us)|"
                r"ping\s+(?:me|us)(?:\s+with)?)\s+(?:the\s+|a\s+|that\s+)?(?:rough\s+|final\s+|total\s+)?"
                r"(?:count|number|numbers|size|total|list|file|results?|audience|segment)"
                r"(?:\s+(?:once|when|as\s+soon\s+as|after|whenever)\s+(?:you|u|it)(?:['’]s|\s+is|\s+(?:have|"
                r"get|got|run|pull|are\s+done|can))?(?:\s+(?:it|them|that|this|ready|done))?)?"
                r"(?:\s+(?:please|pls|thanks|thx))?(?=\W*$)")
# who asked for the list ("(Jess asked)", "Tom's asking for the reminder flow", "(NYC team
# asked)", "(boss wants it)", "the LA office wants them"): the asker's words name no one to
# select (never "Dana asked if we could add men": what was asked is said)
_ASKER = (r"(?:(?:the|our|my)\s+)?(?:[\w&'’-]+\s+){0,2}?(?:(?-i:[A-Z][\w&'’-]*)|boss|manager|"
          rf"leadership|management|marketing|finance|sales|legal|{TEAM_NOUNS})(?:['’]s)?\s+(?:asked|"
          r"requested|(?:is\s+|are\s+|['’]s\s+)?asking|wants?\s+(?:it|this|that|them|these|those)|"
          r"needs?\s+(?:it|this|that|them|these|those))\b(?!\s+(?:to|if|whether|about|for\s+(?:men|women|"
          r"people|customers|anyone|everyone))\b)")
# a thanks, misspelt as often as not ("appreciate it", "Apreciate your help!")
_APPRECIATE = r"a+p+re?ci?ate?\s+(?:it|you|ya|u|this|that|(?:your|ur|the)\s+help)"
_CHAT_TAIL = re.compile(
    r"^\W*(?:thanks+|thank\s+y+o+u+|th[anks]{4,6}|thank\s+(?:yuo|yoo|uo|u)|thx|ty|tysm|tia|cheers|much\s+appreciated|"
    rf"{_APPRECIATE}|lmk|"
    r"merci|gracias|danke|grazie|obrigad[oa]|"
    r"let\s+me\s+know|fyi|btw|ps|p\.s|no\s+rush|no\s+hurry|whenever\s+you\s+can|"
    r"(?-i:tx)(?=\W*$|\s+in\s+advance)|"  # ("gold members. tx": thanks; "TX" is Texas)
    r"many\s+thanks|best|regards|kind\s+regards|ta|\w+ly\s+appreciated|"
    r"(?:really|truly|greatly|so|very|much)\s+appreciate|"
    # what the user is making, named anyhow, going out ("Our new colection lands soon")
    r"(?:our|the|my|this)\s+(?:[\w'’&-]+\s+){0,3}[\w'’&-]+\s+(?:lands?|launch(?:es)?|goes\s+live|"
    r"kicks\s+off|is\s+(?:launching|landing|dropping|coming\s+out))\b|"
    # how soon, and whether it was clear: "Not urgent!", "Hope that makes sense!"
    r"(?:not|non)[\s-]+urgent|urgent|asap|no\s+worries|hope\s+(?:this|that|it)|sorry|"
    # ("it would realy help", "fingers crosed there's a decent number", "can you do taht?")
    r"(?:it|that|this)\s+would\s+(?:real+y\s+|so\s+|truly\s+)?help\b|fingers\s+cros+ed|"
    r"can\s+(?:you|u)\s+do\s+(?:that|this|it|t[a-z]{2,3})(?=\W*\?\W*$)|"
    # ("quick turnaround pls", "just curious, ta")
    r"(?:(?:a|a\s+)?quick|fast)\s+turn-?around|(?:just\s+)?curious(?=\W*(?:$|,|ta\b|thx|thanks))|"
    # when the user needs it: "Deadline is Thursday, no pressure lol."
    r"(?:the\s+|our\s+|my\s+)?deadline(?:\s+is|['’]s|\b)|no\s+pressure|"
    # ("Due next week.", "Need by Oct 25", "need it this week", "next week is fine")
    rf"{NEEDED_WHEN}|"
    r"due\s+(?:by|on|next|this|tomorrow|today|tonight|eod|eow|end|(?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day)\b|"
    # that the request is all there is: "No other filters.", "Nothing else needed."
    r"no\s+(?:other|more|further|additional|extra)\s+(?:filters?|conditions?|criteria|"
    r"restrictions?|requirements?)|nothing\s+else|"
    r"(?:does|do)\s+(?:this|that|it)\s+make\s+sense|makes\s+sense|"
    # "... over 120 days ago. can you help?": courtesy, the ask already made
    r"(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?help(?:\s+(?:me|us|out|with\s+"
    r"(?:that|this|it)))?(?=\W*$)|"
    rf"{_SIZE_GUESS}|{_SIZE_FIGURE}|{_IF_YOU_COULD}|{_SEND_RESULT}|"
    # whether it can be done ("is that doable??"), and a sign-off of kisses ("xx", "xoxo")
    r"(?:(?:is|would|will)\s+(?:that|this|it)\s+(?:be\s+)?(?:doable|possible|ok|okay|feasible|"
    r"alright|fine|a\s+problem)|x{2,4}|xo(?:xo)?)(?=\W*$)|"
    # what the user thinks or feels about the people chosen ("They seem like great
    # candidates.", "Worried we're neglecting them, honestly")
    r"(?:they|these|those)\s+(?:all\s+)?(?:seem|look|sound|feel)\s+like\s+(?:(?:really|very|such|"
    r"some)\s+)?(?:great|good|perfect|ideal|solid|strong|prime|promising|natural|the\s+right|"
    r"a\s+(?:great|good|perfect|natural)\s+fit)\b|"
    r"(?:(?:i['’]?m|we['’]re|i\s+am|we\s+are)\s+)?(?:(?:a\s+bit|kinda|really|honestly)\s+)?(?:worried|"
    r"concerned|afraid|scared|nervous)\s+(?:that\s+)?(?:we['’]re|we\s+are|we['’]ve|we\s+have|"
    r"we\s+(?:might|may)|they['’]re|they\s+are|they['’]ll|they\s+(?:might|may))\b|"
    # why the user asks, in words of learning ("Just trying to understand who prefers ...")
    r"(?:just\s+)?(?:trying|want(?:ing)?|hoping|looking)\s+to\s+(?:understand|unders\w+|"
    r"figure\s+out|get\s+a\s+(?:sense|feel|picture)|learn|gauge)\b|"
    # the same asked in a word or two ("... test. ok?", "doable?", "can you?")
    r"(?:(?:ok|okay|possible|doable|feasible|can\s+(?:you|u|do)|could\s+(?:you|u)|poss|pls\s+and\s+thx)"
    r"(?=\W*\?\W*$))|"
    # a greeting said after the request ("... opted in to email! Hi, it's Ravi from ..."),
    # and a wish for the day ("happy Friday!")
    r"hi|hello|hey|hiya|howdy|happy\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|"
    r"holidays|new\s+year|hump\s+day)(?=\W*$)|"
    # what the user is making, doing something ("Our new shoe line lands soon")
    rf"{_MAKING_GOES}|"
    # "would be amazing to get this soon", "that'd be a huge help"
    r"(?:it\s+|that\s+|this\s+)?would\s+be|(?:it|that|this)['’]d\s+be|"
    # "Would love that list by Friday": when the user wants what was asked for
    r"(?:(?:i|we)\s*['’]d|(?:i|we)\s+would|would)\s+(?:love|like|need|appreciate)\s+"
    r"(?:that|this|it|the\s+(?:list|segment|audience|count|file|export|numbers?))\b)\b"
    # what someone else will do with it ("She wants to mail them a coupon ..."), never what
    # the people must be or have ("They need to be opted in to texts")
    r"|^\W*(?:she|he|they|my\s+\w+|our\s+\w+|"
    rf"(?:the\s+|our\s+)?(?:[\w&'’-]+\s+){{0,2}}{TEAM_NOUNS})\s+(?:wants?|needs?|plans?|hopes?|would\s+like|"
    r"is\s+going|are\s+going)\s+to\b(?!\s+(?:be|have|been|still|live|own)\b)"
    # someone who wants the list itself ("Finance wants this income group sized on its own")
    r"|^\W*(?:(?-i:[A-Z][\w&'’-]*)\s+){1,2}(?:wants?|needs?|asked\s+for|asked\s+to\s+see)\s+"
    r"(?:this|that|these|those|it|the\s+(?:list|count|segment|audience|numbers?))\b"
    r"|^\W*(?:(?-i:[A-Z][\w&'’-]*)\s+){1,2}(?:is|are)\s+(?:asking|waiting|curious|keen)\b"
    rf"|^\W*{_ASKER}"
    r"|^\W*(?:(?:i|we)(?:['’](?:m|re|ve|ll|d)|\s+(?:am|are|have|will|would|just|plan|hope|"
    r"want|need|wanna|gonna))?\s+|want\s+to\s|need\s+(?:it|this|them|these)\s|"
    rf"hoping\s|gonna\s|wanna\s|going\s+to\s|(?:it|this)(?:['’]s|\s+is)\s+for\s|{_DOINGS}\s)", re.I)


# a greeting and whom it greets ("Hey team, ..."), before what someone is doing
_GREETING = re.compile(rf"^\W*{_GREETS}", re.I)
# (with the writer's team in brackets: "- Lee (CRM)"; the meaning check reads it)
_NAME = re.compile(r"^\W*[A-Z][a-z]+(?:\s+[A-Z][a-z]*\.?)?(?:\s*\([^()]{1,30}\))?\W*$")
# what the user is doing, said after the request ("we're lining up an offer ...", never
# "we're looking for ...": an ask)
_DOING_AFTER = re.compile(r"^\W*(?:(?:and|so|also)\s+)?(?:i|we)\s*(?:['’](?:m|re)|\s+(?:am|are))\s+"
                          r"(?:also\s+|currently\s+|just\s+)?(?!(?:looking|seeking|targeting|"
                          r"reaching|inviting|contacting|mailing|hoping|trying|needing|wanting|"
                          r"after|only|excluding|including|leaving|skipping)\b)\w+ing\b", re.I)


# the writer named after the request, going on about their work ("I'm Marcus on the toys
# team, we're planning ...", "Jamie here from loyalty, we think ...")
_WRITER_AFTER = re.compile(
    r"^\W*(?:(?:oh|btw|also|and|ps|hi|hello|hey)\W+)*(?:(?:i['’]?m|i\s+am|this\s+is|it['’]?s|my\s+name\s+is)\s+"
    r"(?P<name>(?-i:[A-Z][a-z]+))(?:\s*,|\s+(?:here|from|on|with|in|and)\b)"
    r"|(?P<named>(?-i:[A-Z][a-z]+))\s+here\b)", re.I)


# a label of what the list is for, said alone after the request ("? reactivation test,
# thanks 🙏", "— BBQ fest 🍖", "(app install push)"): a few words ending in what a marketer
# is making; it was asked about word by word
_LABEL_AFTER = re.compile(
    rf"^\W*(?:(?:a|an|the|our|for|for\s+(?:a|an|the|our)|it['’]?s\s+for(?:\s+(?:a|an|the|our))?)\s+)?"
    rf"(?P<head>(?:[\w'’&+-]+\s+){{0,3}}?)(?:{_CAMPAIGN}|check|analysis|season|fest|sponsorship|teaser|win-?back|texts)"
    r"(?:\s+maybe)?(?:\W+(?:thanks?|thx|ty|pls|please|lol|ok|thank\s+you|cheers)\b)*\W*$", re.I)


def _label_after(said: str, says_nothing_new: Callable[[str], bool]) -> bool:
    """A label of what the list is for, in a sentence of its own after the request
    (`_LABEL_AFTER`), whose words before the thing made name nothing the request does not
    (`says_nothing_new`: "sports push" after "bought sporting goods"; never "Maine upsell",
    "Ordered last weekend", "Push.") and that has no negation nor figure."""
    m = _LABEL_AFTER.match(said)
    return m is not None and says_nothing_new(m["head"] if m["head"].strip() else said) and not re.search(
        r"\d|\b(?:not|no|never|without|only|except)\b|n['’]t\b", said, re.I)


def _said_aside(said: str, asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence after the request in which the writer says who they are and goes on, or
    a sentence in brackets that names nothing ("(Yes, I know we're late on this one.)");
    chat unless it points back at the people ("... and I need them by Friday") or the name
    is a word the catalog knows ("It's Texas and Ohio")."""
    m = _WRITER_AFTER.match(said)
    return (m is not None and asks_nothing(m.group("name") or m.group("named")) or bool(
        re.fullmatch(r"\W*\(.*\)\W*", said, re.S)) and asks_nothing(said)) \
        and not _POINTING.search(said)


def _spelled(said: str, spell: Callable[[str], str]) -> str:
    """`said` with its first three words read as the words they are plain typos of."""
    head = re.match(r"\W*(?:[\w'’]+(?:\W+|$)){0,3}", said).end()

    def read(m: re.Match) -> str:  # a word spelled right keeps its case (a team's name)
        word = m.group().lower()
        return m.group() if spell(word) == word else spell(word)

    return re.sub(r"[A-Za-z]+", read, said[:head]) + said[head:]


# words that point back at people named before ("can you pull the ones who ...")
# (not at a time: "in those 4 weeks", "in those same 30 days"; nor people defined in
# brackets: "new customers (the ones who signed up ...)")
_POINTING = re.compile(r"(?<!\(the\s)(?<!\(i\.e\.\s)(?<!\(i\.e\.\sthe\s)\b(?:ones|those|them|they|these)\b(?!\s+(?:(?:same|\d+|few|[a-z]+teen|"
                       r"twenty|thirty|sixty|ninety)\s+)*(?:days?|"
                       r"weeks?|months?|years?|quarters?|dates?|periods?)\b)", re.I)


_SORRY = (r",?\s*(?:(?:so|very|really|super)\s+)?sorry\s+(?:if\s+(?:this|that|it)(?:['’]s|\s+is)\s+"
          r"(?:a\s+)?(?:(?:silly|dumb|basic|obvious|stupid|weird|odd|quick|late|last[\s-]minute|"
          r"newbie)\s+)?(?:ask|question|request|one)|in\s+advance(?:\s+if\s+(?:this|that|it)(?:['’]s|"
          r"\s+is)\s+(?:obvious|silly|basic|dumb))?|for\s+the\s+(?:short\s+notice|late\s+ask|"
          r"last[\s-]minute\s+ask|bother|trouble|rush))(?=[\s.!,;:)(]|$)")
# who is writing: "Tom, toys & games team.", "HI, Diego from the consumer tech team!!",
# "Leo here from Home & Garden.", "hello :) Mia from onboarding."
_INTRO = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|yo|morning)\b(?:\s+(?:there|all|team|hey|btw|again))?[\s,!:;()-]*)?"
    r"(?:it['’]?s\s+|this\s+is\s+|i['’]?m\s+|my\s+name\s+is\s+)?(?-i:[A-Z][a-z]+)(?:\s+here)?(?:\s*,\s*|\s+(?:from|on|with|in)\s+)"
    rf"(?:the\s+)?[\w&'’ -]{{1,40}}?(?:\s+here)?"
    # and an apology for asking ("Jess here, new beauty buyer, so sorry if this is a silly ask")
    rf"(?:{_SORRY})?"
    rf"(?:[\s.!,;:)(-]|{EMOJI})*$", re.I)
_ROLES = (r"(?:buyer|manager|lead|analyst|marketer|intern|director|coordinator|specialist|planner|"
          r"strategist|associate|exec|executive)")
_TEAM_END = re.compile(rf"\b(?:{TEAM_NOUNS}|here|programme|program|"
                       r"marketing|operations|ops|analytics|insights|growth|merchandising|"
                       r"partnerships|lifecycle|retention|crm|"
                       # a role ("new beauty buyer", "CRM manager"): a people word of the writer
                       rf"{_ROLES})\W*$", re.I)


def _introduces(said: str, asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence in which the writer says who they are; when it names something the
    catalog knows ("toys & games team"), it must end as a team does, or say what the team
    looks after ("regional retail marketing for our Southern stores")."""
    # (an aside in brackets is read by the meaning check: "Kevin from field marketing (yes,
    # I cover two very different places)")
    said = re.sub(r"\s*\([^()]*\)", "", said)
    looks_after = _LOOKS_AFTER.search(said)
    role = said[:looks_after.start()] if looks_after else said
    return bool(_INTRO.match(said) or looks_after and _INTRO.match(role + ".")) and (
        asks_nothing(said) or bool(_TEAM_END.search(re.sub(_SORRY, "", role, flags=re.I))))


# what the writer's team looks after ("... marketing for our Southern stores")
_LOOKS_AFTER = re.compile(r"\s+(?:for|of|at|in|across|covering)\s+(?:our|the|all|my)\s+[\w\s&'’-]{1,40}?"
                          r"(?:stores?|shops?|region|regions|markets?|locations?|accounts?|"
                          r"business|side|team)\W*$", re.I)


# words by which a sentence speaks of the people chosen ("only the ones who ...")
_REFERRING = {"ones", "one", "those", "them", "they", "these", "who", "whose", "that", "which",
              "anyone", "everyone", "only"}


_GIVEN_THEM = re.compile(r"\b(?:(?:send|give|email|e-mail|text|offer|invite|reach|nudge|mail|show|"
                         r"thank|reward|survey|ping|remind|hit|"
                         # what the user or a team does about them ("finance wants to look at
                         # them", "worried we're losing them")
                         r"look\s+at|los(?:e|ing)|keep|retain|win\s+back|study|analy[sz]e|"
                         r"contact|call|re-?engage|follow\s+up\s+with|check\s+on)"
                         r"\s+(?:them|those|these|em)|"
                         # ("let's win them back", "time to bring them back")
                         r"(?:win|bring|get|lure|woo|coax|tempt)\s+(?:them|those|these|em)\s+back|(?:they|"
                         r"these\s+folks|those\s+folks)\s+(?:need|could\s+use|might\s+need|deserve|"
                         r"would\s+(?:like|love|appreciate))\s+(?=(?:a|an|some|another|more|the)\s))\b",
                         re.I)
_THAT_IS = re.compile(r"\bthat(?:['’]s|\s+is)\s+(?=(?:the\s+)?(?:right|correct|ok|okay|fine|"
                      r"reasonable|enough|it|all)\b)", re.I)
_NO_ONE = re.compile(r"\b(?:this|that|a|great|good|nice|quick)\s+one\b", re.I)


def _talk(said: str, words: set[str], asks_nothing: Callable[[str], bool]) -> bool:
    """A sentence of four words or more that names nothing a condition could come from and
    does not speak of the people ("Father's Day recap is finally done", "Could you size it
    for us?"); a short one may be a condition in few words ("Hikers please") and is kept."""
    # ("this one", "have a great one" speak of no one)
    if not re.search(r"\bone\b", _NO_ONE.sub(" ", said), re.I):
        words = words - {"one"}
    # what the people are to be sent or may need, and "that's" of the ask, say nothing of
    # who they are ("Thinkin they need a nudge.", "we'd like to send them a survey", "I
    # think that's the right range")
    plain = _GIVEN_THEM.sub(" ", _THAT_IS.sub(" ", said))
    if plain != said:
        words = {w.lower() for w in re.findall(r"[\w'’-]+", plain)}
    return len(re.findall(r"\w+", said)) >= 4 and not words & _REFERRING and \
        asks_nothing(said) and not _WANTS_SOME.search(said)


# what a sentence asks for, in words of its own ("We need vegetarians for this."): people
# the catalog may not know, so never chat
_WANTS_SOME = re.compile(r"\b(?:need|want|looking\s+for|targeting|after)\s+(?:(?:some|the|our|"
                         r"all|only|just)\s+)?[a-z]+s\b(?<!\bthanks)(?<!\bdetails)", re.I)


# who wants the list, named after what they sell ("the pet team wants ..."): not a condition
_TEAM = re.compile(r"\b(?:the|our|my)\s+(?:[\w&'’-]+\s+){1,2}?"
                   rf"(?:{TEAM_NOUNS}|(?P<role>manager|director|lead|boss|owner|head|vp))\b"
                   # and what they are making ("a skincare bundle"), whatever it is named after
                   rf"|\b(?:a|an|the|our|this|my)\s+(?:[\w'’&-]+\s+){{0,3}}?{_CAMPAIGN}\b", re.I)


def _names_some(said: str, people: frozenset[str]) -> bool:
    """Whether a clause names people who are not the writer's own: a people word or a noun
    that may name people ("homeowners", "dog owners"), unless "our"/"my" goes before it."""
    for m in re.finditer(r"[A-Za-z'’-]+", said):
        word = m.group().lower()
        if not (word in people or names_people(word)):
            continue
        if not re.search(r"\b(?:our|my)\s+(?:[\w'’&-]+\s+){0,2}$", said[:m.start()], re.I):
            return True
    return False
