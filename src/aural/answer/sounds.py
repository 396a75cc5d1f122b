"""Sound names in the words people use, sound families, and the clip's main sound.

YAMNet speaks AudioSet: 'Cattle, bovinae', 'Canidae, dogs, wolves', 'Livestock, farm animals, working
animals'. An answer says 'a cow mooing' and 'a dog barking'. Classes are grouped into families (a dog
is Dog, Bark, Yip, Howl, Growling and Canidae), so one source is named once, by the most specific
member the evidence supports; broad classes ('Animal', 'Vehicle', 'Inside, small room') are named only
when nothing more specific was heard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from aural.answer.thresholds import MAIN_SOUND_MIN, SPECIFIC_HOLDS
from aural.languages import too_few_words
from aural.listen import ontology
from aural.listen.evidence import Evidence

# Family -> (the plain name of the source, {AudioSet class: how a sentence names it}). The first
# member of each family is its general class; the others are what the source does (more specific).
FAMILIES: dict[str, tuple[str, dict[str, str]]] = {
    "speech": ("speech", {"Speech": "speech", "Conversation": "a conversation",
                          "Narration, monologue": "someone narrating", "Child speech, kid speaking": "a child speaking",
                          "Babbling": "babbling", "Speech synthesizer": "a synthesized voice"}),
    "shout": ("shouting", {"Shout": "shouting", "Bellow": "someone bellowing", "Yell": "someone yelling",
                           "Whoop": "whooping", "Children shouting": "children shouting"}),
    "scream": ("screaming", {"Screaming": "screaming"}),
    "whisper": ("whispering", {"Whispering": "whispering"}),
    "laughter": ("laughter", {"Laughter": "laughter", "Giggle": "giggling", "Snicker": "snickering",
                              "Belly laugh": "a belly laugh", "Chuckle, chortle": "chuckling",
                              "Baby laughter": "a baby laughing"}),
    "crying": ("crying", {"Crying, sobbing": "someone crying", "Baby cry, infant cry": "a baby crying",
                          "Whimper": "whimpering", "Wail, moan": "wailing"}),
    "sigh": ("a sigh", {"Sigh": "a sigh"}),
    "singing": ("singing", {"Singing": "singing", "Choir": "a choir singing", "Yodeling": "yodeling",
                            "Chant": "chanting", "Mantra": "a mantra being chanted",
                            "Child singing": "a child singing", "Synthetic singing": "synthetic singing",
                            "Rapping": "rapping", "Humming": "humming"}),
    "groan": ("groaning", {"Groan": "groaning", "Grunt": "grunting"}),
    "whistling": ("whistling", {"Whistling": "someone whistling"}),
    "breathing": ("breathing", {"Breathing": "breathing", "Wheeze": "wheezing", "Gasp": "a gasp",
                                "Pant": "panting", "Snort": "snorting"}),
    "snoring": ("snoring", {"Snoring": "snoring"}),
    "cough": ("coughing", {"Cough": "coughing", "Throat clearing": "throat clearing"}),
    "sneeze": ("sneezing", {"Sneeze": "sneezing", "Sniff": "sniffing"}),
    "footsteps": ("footsteps", {"Walk, footsteps": "footsteps", "Run": "running footsteps",
                                "Shuffle": "shuffling footsteps"}),
    "eating": ("eating", {"Chewing, mastication": "chewing", "Biting": "biting"}),
    "gargling": ("gargling", {"Gargling": "gargling"}),
    "body": ("body sounds", {"Stomach rumble": "a stomach rumbling", "Burping, eructation": "burping",
                             "Hiccup": "hiccups", "Fart": "a fart"}),
    "snapping": ("finger snapping", {"Finger snapping": "finger snapping"}),
    "clapping": ("clapping", {"Clapping": "clapping", "Hands": "hands clapping"}),
    "heartbeat": ("a heartbeat", {"Heart sounds, heartbeat": "a heartbeat", "Heart murmur": "a heart murmur"}),
    "applause": ("applause", {"Applause": "applause", "Cheering": "cheering"}),
    "crowd": ("a crowd", {"Crowd": "a crowd", "Chatter": "chatter",
                          "Hubbub, speech noise, speech babble": "the babble of many voices",
                          "Children playing": "children playing"}),
    "dog": ("a dog", {"Dog": "a dog", "Canidae, dogs, wolves": "a dog", "Bark": "a dog barking",
                      "Yip": "a dog yipping", "Howl": "a dog howling", "Bow-wow": "a dog barking",
                      "Growling": "a dog growling", "Whimper (dog)": "a dog whimpering"}),
    "cat": ("a cat", {"Cat": "a cat", "Purr": "a cat purring", "Meow": "a cat meowing", "Hiss": "a cat hissing",
                      "Caterwaul": "a cat yowling"}),
    "horse": ("a horse", {"Horse": "a horse", "Clip-clop": "horse hooves clip-clopping",
                          "Neigh, whinny": "a horse neighing"}),
    "cow": ("a cow", {"Cattle, bovinae": "a cow", "Moo": "a cow mooing"}),
    "cowbell": ("a cowbell", {"Cowbell": "a cowbell"}),
    "pig": ("a pig", {"Pig": "a pig", "Oink": "a pig oinking"}),
    "goat": ("a goat", {"Goat": "a goat", "Bleat": "a goat or sheep bleating"}),
    "sheep": ("a sheep", {"Sheep": "a sheep bleating"}),
    "chicken": ("a chicken", {"Fowl": "poultry", "Chicken, rooster": "a hen or rooster", "Cluck": "a hen clucking",
                              "Crowing, cock-a-doodle-doo": "a rooster crowing"}),
    "turkey": ("a turkey", {"Turkey": "a turkey", "Gobble": "a turkey gobbling"}),
    "duck": ("a duck", {"Duck": "a duck", "Quack": "a duck quacking"}),
    "goose": ("a goose", {"Goose": "a goose", "Honk": "a goose honking"}),
    "lion": ("a big cat", {"Roaring cats (lions, tigers)": "a lion or tiger", "Roar": "a roar"}),
    "bird": ("birds", {"Bird": "birds", "Bird vocalization, bird call, bird song": "birdsong",
                       "Chirp, tweet": "birds chirping", "Squawk": "a bird squawking",
                       "Bird flight, flapping wings": "wings flapping"}),
    "pigeon": ("a pigeon", {"Pigeon, dove": "a pigeon or dove", "Coo": "a pigeon cooing"}),
    "crow": ("a crow", {"Crow": "a crow", "Caw": "a crow cawing"}),
    "owl": ("an owl", {"Owl": "an owl", "Hoot": "an owl hooting"}),
    "rodent": ("a rodent", {"Rodents, rats, mice": "a rodent", "Mouse": "a mouse", "Patter": "pattering"}),
    "insect": ("insects", {"Insect": "insects buzzing", "Cricket": "crickets chirping", "Mosquito": "a mosquito",
                           "Fly, housefly": "a fly buzzing", "Buzz": "buzzing", "Bee, wasp, etc.": "bees buzzing"}),
    "frog": ("a frog", {"Frog": "frogs", "Croak": "a frog croaking"}),
    "snake": ("a snake", {"Snake": "a snake", "Rattle": "a rattle"}),
    "whale": ("a whale", {"Whale vocalization": "a whale calling"}),
    "wind": ("wind", {"Wind": "wind", "Rustling leaves": "leaves rustling in the wind",
                      "Wind noise (microphone)": "wind noise on the microphone"}),
    "thunder": ("a thunderstorm", {"Thunderstorm": "a thunderstorm", "Thunder": "thunder"}),
    "rain": ("rain", {"Rain": "rain", "Raindrop": "raindrops", "Rain on surface": "rain falling on a surface"}),
    "stream": ("running water", {"Water": "water", "Stream": "a stream", "Waterfall": "a waterfall",
                                 "Gurgling": "water gurgling"}),
    "sea": ("the sea", {"Ocean": "the sea", "Waves, surf": "sea waves"}),
    "fire": ("fire", {"Fire": "a fire", "Crackle": "a fire crackling"}),
    "boat": ("a boat", {"Boat, Water vehicle": "a boat", "Sailboat, sailing ship": "a sailing ship",
                        "Rowboat, canoe, kayak": "a rowboat", "Motorboat, speedboat": "a motorboat", "Ship": "a ship"}),
    "car": ("a car", {"Car": "a car", "Car passing by": "a car passing by", "Race car, auto racing": "a race car",
                      "Power windows, electric windows": "power windows", "Skidding": "tyres skidding",
                      "Tire squeal": "tyres squealing", "Accelerating, revving, vroom": "an engine revving"}),
    "car horn": ("a car horn", {"Vehicle horn, car horn, honking": "a car horn honking", "Toot": "a horn tooting",
                                "Air horn, truck horn": "a truck's air horn"}),
    "car alarm": ("a car alarm", {"Car alarm": "a car alarm"}),
    "truck": ("a truck", {"Truck": "a truck", "Air brake": "air brakes", "Reversing beeps": "reversing beeps",
                          "Ice cream truck, ice cream van": "an ice cream van"}),
    "bus": ("a bus", {"Bus": "a bus"}),
    "siren": ("a siren", {"Siren": "a siren", "Civil defense siren": "a civil defence siren",
                          "Emergency vehicle": "an emergency vehicle", "Police car (siren)": "a police car siren",
                          "Ambulance (siren)": "an ambulance siren",
                          "Fire engine, fire truck (siren)": "a fire engine siren"}),
    "motorcycle": ("a motorcycle", {"Motorcycle": "a motorcycle"}),
    "traffic": ("traffic", {"Traffic noise, roadway noise": "traffic", "Motor vehicle (road)": "road vehicles"}),
    "train": ("a train", {"Rail transport": "a train", "Train": "a train", "Train whistle": "a train whistle",
                          "Train horn": "a train horn", "Railroad car, train wagon": "train wagons rolling",
                          "Train wheels squealing": "train wheels squealing",
                          "Subway, metro, underground": "an underground train"}),
    "aircraft": ("an aircraft", {"Aircraft": "an aircraft", "Aircraft engine": "an aircraft engine",
                                 "Jet engine": "a jet engine", "Propeller, airscrew": "a propeller aircraft",
                                 "Fixed-wing aircraft, airplane": "an airplane"}),
    "helicopter": ("a helicopter", {"Helicopter": "a helicopter"}),
    "bicycle": ("a bicycle", {"Bicycle": "a bicycle", "Bicycle bell": "a bicycle bell"}),
    "skateboard": ("a skateboard", {"Skateboard": "a skateboard"}),
    "engine": ("an engine", {"Engine": "an engine", "Light engine (high frequency)": "a small engine",
                             "Medium engine (mid frequency)": "an engine", "Heavy engine (low frequency)": "a heavy engine",
                             "Engine knocking": "an engine knocking", "Engine starting": "an engine starting",
                             "Idling": "an engine idling"}),
    "drill": ("a drill", {"Dental drill, dentist's drill": "a dentist's drill", "Drill": "a drill",
                          "Power tool": "a power tool"}),
    "lawn mower": ("a lawn mower", {"Lawn mower": "a lawn mower"}),
    "chainsaw": ("a chainsaw", {"Chainsaw": "a chainsaw"}),
    "door": ("a door", {"Door": "a door", "Sliding door": "a sliding door", "Slam": "a door slamming",
                        "Cupboard open or close": "a cupboard door", "Drawer open or close": "a drawer"}),
    "doorbell": ("a doorbell", {"Doorbell": "a doorbell", "Ding-dong": "a doorbell ding-dong"}),
    "knock": ("knocking", {"Knock": "knocking", "Tap": "tapping"}),
    "creak": ("creaking", {"Squeak": "squeaking", "Creak": "a door creaking"}),
    "kitchen": ("kitchen sounds", {"Dishes, pots, and pans": "dishes clattering",
                                   "Cutlery, silverware": "cutlery clinking", "Chopping (food)": "food being chopped",
                                   "Frying (food)": "food frying", "Microwave oven": "a microwave oven",
                                   "Blender": "a blender", "Sizzle": "sizzling", "Boiling": "water boiling"}),
    "tap": ("running water", {"Water tap, faucet": "a water tap running", "Sink (filling or washing)": "a sink",
                              "Bathtub (filling or washing)": "a bath filling"}),
    "hair dryer": ("a hair dryer", {"Hair dryer": "a hair dryer"}),
    "toilet": ("a toilet flushing", {"Toilet flush": "a toilet flushing"}),
    "toothbrush": ("teeth being brushed", {"Toothbrush": "teeth being brushed",
                                           "Electric toothbrush": "an electric toothbrush"}),
    "vacuum": ("a vacuum cleaner", {"Vacuum cleaner": "a vacuum cleaner"}),
    "zipper": ("a zipper", {"Zipper (clothing)": "a zipper"}),
    "keys": ("keys jangling", {"Keys jangling": "keys jangling"}),
    "coin": ("coins", {"Coin (dropping)": "a coin dropping"}),
    "scissors": ("scissors", {"Scissors": "scissors cutting"}),
    "shaver": ("an electric shaver", {"Electric shaver, electric razor": "an electric shaver"}),
    "cards": ("cards being shuffled", {"Shuffling cards": "cards being shuffled"}),
    "typing": ("typing", {"Typing": "typing on a keyboard", "Typewriter": "a typewriter",
                          "Computer keyboard": "typing on a computer keyboard"}),
    "writing": ("writing", {"Writing": "pen on paper"}),
    "telephone": ("a telephone", {"Telephone": "a telephone", "Telephone bell ringing": "a telephone ringing",
                                  "Ringtone": "a ringtone", "Telephone dialing, DTMF": "a phone being dialled",
                                  "Dial tone": "a dial tone", "Busy signal": "a busy signal"}),
    "alarm": ("an alarm", {"Alarm": "an alarm", "Alarm clock": "an alarm clock", "Buzzer": "a buzzer",
                           "Smoke detector, smoke alarm": "a smoke alarm", "Fire alarm": "a fire alarm"}),
    "foghorn": ("a foghorn", {"Foghorn": "a foghorn"}),
    "whistle": ("a whistle", {"Whistle": "a whistle", "Steam whistle": "a steam whistle"}),
    "clock": ("a clock ticking", {"Clock": "a clock", "Tick": "a clock ticking", "Tick-tock": "a clock ticking"}),
    "machine": ("a machine", {"Ratchet, pawl": "a ratchet", "Gears": "gears turning", "Pulleys": "pulleys",
                              "Sewing machine": "a sewing machine", "Cash register": "a cash register",
                              "Printer": "a printer", "Camera": "a camera shutter",
                              "Single-lens reflex camera": "a camera shutter"}),
    "fan": ("a fan", {"Mechanical fan": "a fan", "Air conditioning": "air conditioning"}),
    "hammer": ("hammering", {"Hammer": "hammering", "Jackhammer": "a jackhammer"}),
    "saw": ("sawing", {"Sawing": "sawing", "Filing (rasp)": "filing", "Sanding": "sanding"}),
    "gunshot": ("gunshots", {"Gunshot, gunfire": "gunshots", "Machine gun": "machine-gun fire",
                             "Fusillade": "a volley of gunfire", "Artillery fire": "artillery fire",
                             "Cap gun": "a cap gun"}),
    "explosion": ("an explosion", {"Explosion": "an explosion", "Boom": "a boom", "Eruption": "an eruption",
                                   "Burst, pop": "a pop"}),
    "fireworks": ("fireworks", {"Fireworks": "fireworks", "Firecracker": "firecrackers"}),
    "wood": ("wood", {"Wood": "wood", "Chop": "wood being chopped", "Splinter": "wood splintering",
                      "Crack": "a crack"}),
    "glass": ("glass", {"Glass": "glass", "Chink, clink": "glasses clinking", "Shatter": "glass breaking"}),
    "liquid": ("liquid", {"Liquid": "liquid", "Splash, splatter": "splashing", "Slosh": "sloshing",
                          "Squish": "squishing", "Drip": "water dripping", "Pour": "water pouring",
                          "Trickle, dribble": "water trickling", "Gush": "water gushing",
                          "Fill (with liquid)": "a container filling", "Spray": "spraying",
                          "Pump (liquid)": "a pump", "Stir": "stirring"}),
    "bell": ("a bell", {"Bell": "a bell", "Church bell": "church bells", "Jingle bell": "jingle bells",
                        "Change ringing (campanology)": "church bells ringing", "Chime": "a chime",
                        "Wind chime": "wind chimes", "Tuning fork": "a tuning fork"}),
    "beep": ("beeping", {"Beep, bleep": "beeping", "Ping": "a ping", "Ding": "a ding", "Sonar": "a sonar ping"}),
    "impact": ("impacts", {"Thump, thud": "a thud", "Thunk": "a thunk", "Bang": "a bang", "Slap, smack": "a slap",
                           "Whack, thwack": "a whack", "Smash, crash": "a crash", "Breaking": "something breaking",
                           "Bouncing": "something bouncing", "Basketball bounce": "a ball bouncing"}),
    "whoosh": ("a whoosh", {"Whoosh, swoosh, swish": "a whoosh", "Arrow": "an arrow", "Whip": "a whip",
                            "Flap": "flapping"}),
    "scrape": ("scraping", {"Scratch": "scratching", "Scrape": "scraping", "Rub": "rubbing", "Roll": "rolling"}),
    "paper": ("paper", {"Crumpling, crinkling": "paper crumpling", "Tearing": "tearing",
                        "Crushing": "crushing", "Rustle": "rustling"}),
    "click": ("clicking", {"Clicking": "clicking", "Clickety-clack": "clickety-clack", "Clatter": "clattering"}),
    "misc": ("a sound", {"Squeal": "a squeal", "Whir": "a whirring", "Rumble": "a rumble", "Plop": "a plop",
                         "Jingle, tinkle": "jingling", "Hum": "a hum", "Zing": "a zing", "Boing": "a boing",
                         "Crunch": "crunching", "Clang": "a clang"}),
    "television": ("a television", {"Television": "a television", "Radio": "a radio"}),
    "noise": ("noise", {"White noise": "white noise", "Pink noise": "pink noise", "Static": "static",
                        "Mains hum": "mains hum", "Distortion": "distortion", "Throbbing": "throbbing",
                        "Vibration": "vibration", "Cacophony": "a cacophony"}),
    "tone": ("a tone", {"Sine wave": "a pure tone", "Chirp tone": "a chirp tone", "Pulse": "a pulsing tone"}),
}

# Classes that name a kind of place, a recording or a whole branch: never the main sound when a
# specific source holds up.
GENERIC = {"Animal", "Domestic animals, pets", "Livestock, farm animals, working animals", "Wild animals",
           "Vehicle", "Music", "Musical instrument", "Sound effect", "Inside, small room",
           "Inside, large room or hall", "Inside, public space", "Outside, urban or manmade",
           "Outside, rural or natural", "Field recording", "Environmental noise", "Noise", "Silence",
           "Mechanisms", "Tools", "Domestic sounds, home sounds", "Liquid", "Wood", "Glass", "Harmonic",
           "Miscellaneous sources", "Specific impact sounds", "Reverberation", "Echo", "Sidetone",
           "Effects unit", "Chorus effect", "Electronic tuner", "Scratching (performance technique)",
           "Sound reproduction", "Human voice", "Human sounds", "Source-ambiguous sounds", "Hands"}
# Not sources at all: the absence of sound, and the room or the medium a sound came through.
NOT_SOURCES = {"Silence", "Inside, small room", "Inside, large room or hall", "Inside, public space",
               "Outside, urban or manmade", "Outside, rural or natural", "Reverberation", "Echo", "Field recording",
               "Sound effect", "Sine wave", "Harmonic", "Sidetone"}
_GENERIC_NAMES = {"Animal": "an animal", "Domestic animals, pets": "a domestic animal",
                  "Livestock, farm animals, working animals": "farm animals", "Wild animals": "a wild animal",
                  "Vehicle": "a vehicle", "Inside, small room": "room sound", "Field recording": "a field recording",
                  "Outside, rural or natural": "outdoor ambience", "Outside, urban or manmade": "street ambience"}


@lru_cache(maxsize=1)
def _family_of() -> dict[str, tuple[str, int]]:
    """Class -> (family key, rank: 0 for the family's general class, 1 for a specific one)."""
    out: dict[str, tuple[str, int]] = {}
    for key, (_, members) in FAMILIES.items():
        for i, label in enumerate(members):
            out.setdefault(label, (key, 0 if i == 0 else 1))
    return out


def family(label: str) -> str:
    """The family key of a class ('Bark' -> 'dog'); music classes are 'music'; else the label itself."""
    hit = _family_of().get(label)
    if hit:
        return hit[0]
    try:
        idx = ontology.index_of(label)
    except KeyError:
        return label
    if ontology.in_group(idx, "Music"):
        return "music"
    return label


def plain_name(label: str) -> str:
    """How a sentence names a class, with its article: 'Bark' -> 'a dog barking'."""
    hit = _family_of().get(label)
    if hit:
        return FAMILIES[hit[0]][1][label]
    if label in _GENERIC_NAMES:
        return _GENERIC_NAMES[label]
    first = re.sub(r"\s*\(.*?\)", "", label.split(",")[0]).strip().lower()
    return first


def bare(name: str) -> str:
    """A plain name without its article ('a dog barking' -> 'dog barking')."""
    return re.sub(r"^(?:a|an|the)\s+", "", name)


@dataclass(frozen=True)
class Heard:
    """One source heard: its family, the name to say, its salience and where it is."""

    family: str
    name: str
    label: str
    salience: float
    score: float
    spans: tuple[tuple[float, float], ...]
    generic: bool = False


def _class_salience(ev: Evidence) -> dict[str, tuple[float, float]]:
    """Class -> (salience, peak score). Salience weighs the score by how much of the clip the class fills,
    so a long, steady source outranks a single loud patch of something else."""
    out: dict[str, tuple[float, float]] = {}
    dur = max(ev.source.duration_s, 1e-6)
    covered: dict[str, float] = {}
    peak: dict[str, float] = {}
    mean: dict[str, float] = {}
    for e in ev.events:
        covered[e.label] = covered.get(e.label, 0.0) + (e.end - e.start)
        peak[e.label] = max(peak.get(e.label, 0.0), e.score)
        mean[e.label] = max(mean.get(e.label, 0.0), e.mean_score)
    for lab in ev.labels:
        cov = lab.coverage if lab.coverage is not None else min(1.0, covered.get(lab.label, 0.0) / dur)
        out[lab.label] = (lab.score * (0.55 + 0.45 * min(1.0, cov)), max(lab.score, peak.get(lab.label, 0.0)))
    for label, p in peak.items():
        if label not in out:
            cov = min(1.0, covered[label] / dur)
            out[label] = (mean[label] * (0.55 + 0.45 * cov), p)
    return out


def sharpen_starts(ev: Evidence, labels: set[str], spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """`spans` with each start moved to the first burst onset near it: one the engine found for these
    classes, else one of the clip's transients. YAMNet's spans begin on a 0.48 s grid, up to a patch
    before the sound; the onset is where it begins."""
    own = sorted(t for e in ev.events if e.label in labels for t in (e.onsets or []))
    out = []
    for a, b in spans:
        lo, hi = a - 0.3, min(b, a + 1.0)
        near = [t for t in own if lo <= t <= hi] or [t for t in ev.transients if lo <= t <= hi]
        out.append((near[0], b) if near and near[0] < b else (a, b))
    return out


def _spans(ev: Evidence, labels: set[str]) -> tuple[tuple[float, float], ...]:
    spans = sorted((e.start, e.end) for e in ev.events if e.label in labels)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple(sharpen_starts(ev, labels, [(a, b) for a, b in merged]))


def heard_sources(ev: Evidence, include_speech: bool | None = None, include_music: bool = False) -> list[Heard]:
    """Every source heard, one per family, most salient first.

    Speech classes count only when the speech analyzer confirmed speech (YAMNet alone hears 'Speech' in
    laughter, coughs and crying); music classes only when asked for (they describe the music part)."""
    if include_speech is None:
        include_speech = ev.speech.present
    sal = _class_salience(ev)
    fams: dict[str, list[tuple[str, float, float]]] = {}
    for label, (s, peak) in sal.items():
        if label in NOT_SOURCES:
            continue
        fam = family(label)
        if fam == "music" and not include_music:
            continue
        if fam == "speech" and not include_speech:
            continue
        fams.setdefault(fam, []).append((label, s, peak))
    out: list[Heard] = []
    for fam, members in fams.items():
        members.sort(key=lambda m: -m[1])
        best_label, best_s, _ = members[0]
        generic = best_label in GENERIC
        # The most specific member that holds up names the source ('a dog barking', not 'a dog').
        name_label = best_label
        ranks = _family_of()
        specific = [m for m in members if ranks.get(m[0], ("", 0))[1] == 1 and m[1] >= SPECIFIC_HOLDS * best_s]
        if specific:
            name_label = specific[0][0]
        if fam == "music":
            name = "music"
        elif fam in FAMILIES and ranks.get(name_label, ("", 1))[1] == 0 and name_label == best_label:
            name = plain_name(name_label)
        else:
            name = plain_name(name_label)
        # A family heard through several of its classes is surer than any one of them.
        support = best_s + 0.25 * sum(m[1] for m in members[1:3])
        out.append(Heard(fam, name, name_label, min(1.0, support), max(m[2] for m in members),
                         _spans(ev, {m[0] for m in members}), generic))
    out.sort(key=lambda h: (h.generic, -h.salience))
    return _drop_covered_heads(out)


def _drop_covered_heads(found: list[Heard]) -> list[Heard]:
    """A group's head class ('Alarm', 'Engine') gives way to a member of its group heard about as strongly
    ('Siren', 'Idling'): both name the same source."""
    heads = {g.name for g in ontology.GROUPS}
    kept: list[Heard] = []
    for h in found:
        if h.label in heads and any(o is not h and o.label != h.label and _inside(o.label, h.label)
                                    and o.score >= h.score - 0.2 for o in found):
            continue
        kept.append(h)
    return kept


def _inside(label: str, group: str) -> bool:
    try:
        return ontology.in_group(ontology.index_of(label), group)
    except KeyError:
        return False


def wordless(ev: Evidence) -> bool:
    """A transcript was made and holds fewer than two real words (a laugh written "Ha ha ha.", a groan, an
    "oh", or nothing)."""
    transcribed = ev.speech.transcribed_seconds > 0 or bool(ev.speech.text.strip())
    return ev.speech.present and transcribed and too_few_words(ev.speech.text)


def main_sound(ev: Evidence, floor: float = MAIN_SOUND_MIN) -> Heard | None:
    """The clip's main sound: the most salient specific source. Speech counts (by YAMNet's own speech
    classes) only when the speech analyzer confirmed it, and less when no real words are known (laughs,
    coughs and cries pass a VAD, Whisper writes a laugh as "Ha ha ha.", and a plan may make no transcript);
    music is judged as one source by the music analyzer's confidence."""
    candidates = heard_sources(ev, include_music=True)
    if ev.music.present:
        candidates = [h for h in candidates if h.family != "music"]
        spans = tuple((s.start, s.end) for s in ev.music.spans)
        cov = sum(b - a for a, b in spans) / max(ev.source.duration_s, 1e-6)
        candidates.append(Heard("music", "music", "Music", ev.music.confidence * (0.55 + 0.45 * min(1.0, cov)),
                                ev.music.confidence, spans))
    if ev.speech.present and too_few_words(ev.speech.text):  # no transcript made: no words known either
        candidates = [h if h.family != "speech" else
                      Heard(h.family, h.name, h.label, h.salience * 0.7, h.score, h.spans, h.generic)
                      for h in candidates]
    candidates = [h for h in candidates if h.score >= floor]
    if not candidates:
        return None
    specific = [h for h in candidates if not h.generic]
    return max(specific or candidates, key=lambda h: h.salience)


__all__ = ["FAMILIES", "GENERIC", "Heard", "bare", "family", "heard_sources", "main_sound", "plain_name",
           "sharpen_starts", "wordless"]
