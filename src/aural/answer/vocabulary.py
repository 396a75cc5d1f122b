"""Words the answerer understands: subject cues, named sounds, emotion and other option words.

Named sounds resolve to AudioSet classes through a small hand-made synonym table first (robust for
the common cases) and the sentence embedder second (by meaning, for everything else). A name in the
tables below may be a class display name or an ontology group name (a group expands to its classes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from aural.answer import embedder
from aural.answer.wording import CARDINALS
from aural.listen import ontology

# ---------------------------------------------------------------- subjects

# Words that tell the question is about the voice (the speaker) rather than the music.
SPEAKER_WORDS = r"\b(?:speaker|speakers|voice|voices|person|people|he|she|they|narrator|caller|customer|talker|" \
                r"someone|somebody|man|woman|agent|host|presenter)\b"
MUSIC_WORDS = r"\b(?:music|song|track|tune|piece|melody|band|beat|instrumental|soundtrack|score)\b"

# ---------------------------------------------------------------- named sounds

# Phrase (lower case, singular) -> AudioSet class or group names. Listed first: the primary
# classes; after the "|" marker the related family that still counts as a hit.
SOUND_SYNONYMS: dict[str, tuple[str, ...]] = {
    "siren": ("Siren", "Civil defense siren", "Police car (siren)", "Ambulance (siren)",
              "Fire engine, fire truck (siren)", "Emergency vehicle"),
    "cop car": ("Police car (siren)", "|", "Siren", "Emergency vehicle"),
    "police car": ("Police car (siren)", "|", "Siren", "Emergency vehicle"),
    "police": ("Police car (siren)", "|", "Siren", "Emergency vehicle"),
    "police siren": ("Police car (siren)", "|", "Siren", "Emergency vehicle"),
    "ambulance": ("Ambulance (siren)", "|", "Siren", "Emergency vehicle"),
    "fire truck": ("Fire engine, fire truck (siren)", "|", "Siren", "Emergency vehicle"),
    "fire engine": ("Fire engine, fire truck (siren)", "|", "Siren", "Emergency vehicle"),
    "emergency vehicle": ("Emergency vehicle", "Siren"),
    "alarm": ("Alarm",),
    "fire alarm": ("Smoke detector, smoke alarm", "Fire alarm", "|", "Alarm"),
    "smoke alarm": ("Smoke detector, smoke alarm", "Fire alarm", "|", "Alarm"),
    "alarm clock": ("Alarm clock", "|", "=Alarm", "Beep, bleep", "Buzzer", "Ringtone"),
    "applause": ("Applause", "Clapping"),
    "clapping": ("Clapping", "Applause"),
    "clap": ("Clapping", "Applause"),
    "cheering": ("Cheering", "|", "Applause", "Crowd"),
    "crowd": ("Crowd", "Cheering", "Chatter", "Hubbub, speech noise, speech babble", "|", "Applause"),
    "rain": ("Rain",),
    "raining": ("Rain",),
    "rainfall": ("Rain",),
    "downpour": ("Rain",),
    "drizzle": ("Rain",),
    "water": ("Water", "Liquid"),
    "thunder": ("Thunderstorm",),
    "storm": ("Thunderstorm", "|", "Rain", "Wind"),
    "wind": ("Wind",),
    "dog": ("Dog", "Bark", "Yip", "Howl", "Bow-wow", "Growling", "Whimper (dog)",),
    "barking": ("Bark", "Dog", "Yip", "Bow-wow"),
    "cat": ("Cat", "Meow", "Purr", "Hiss", "Caterwaul"),
    "bird": ("Bird", "Bird vocalization, bird call, bird song", "Chirp, tweet", "Squawk", "Pigeon, dove",
             "Crow", "Caw", "Owl", "Hoot"),
    "birdsong": ("Bird vocalization, bird call, bird song", "Chirp, tweet", "Bird"),
    "car": ("Car", "Car passing by", "Vehicle horn, car horn, honking", "Motor vehicle (road)"),
    "traffic": ("Traffic noise, roadway noise", "Car passing by", "Motor vehicle (road)"),
    "car horn": ("Vehicle horn, car horn, honking", "Air horn, truck horn", "Toot"),
    "horn": ("Vehicle horn, car horn, honking", "Air horn, truck horn", "Toot", "Train horn", "Foghorn"),
    "honking": ("Vehicle horn, car horn, honking", "Air horn, truck horn", "Toot"),
    "engine": ("Engine",),
    "train": ("Rail transport",),
    "airplane": ("Aircraft",),
    "plane": ("Aircraft",),
    "helicopter": ("Helicopter",),
    "motorcycle": ("Motorcycle",),
    "footstep": ("Walk, footsteps",),
    "door": ("Door",),
    "knock": ("Knock",),
    "knocking": ("Knock",),
    "glass": ("Glass", "Shatter"),
    "gunshot": ("Gunshot, gunfire", "Machine gun", "Fusillade", "Artillery fire", "Cap gun"),
    "gunfire": ("Gunshot, gunfire", "Machine gun", "Fusillade", "Artillery fire", "Cap gun"),
    "gun": ("Gunshot, gunfire", "Machine gun", "Fusillade", "Artillery fire", "Cap gun"),
    "explosion": ("Explosion",),
    "firework": ("Fireworks", "Firecracker"),
    "baby": ("Baby cry, infant cry", "Baby laughter"),
    "laughter": ("Laughter",),
    "laughing": ("Laughter",),
    "laugh": ("Laughter",),
    "crying": ("Crying",),
    "scream": ("Screaming", "Shout", "Yell"),
    "screaming": ("Screaming", "Shout", "Yell"),
    "shouting": ("Shout",),
    "whistle": ("Whistling", "Whistle", "Steam whistle"),
    "bell": ("Bell", "Church bell", "Jingle bell", "Bicycle bell", "Doorbell"),
    "doorbell": ("Doorbell", "Ding-dong"),
    "phone": ("Telephone",),
    "telephone": ("Telephone",),
    "ringtone": ("Telephone",),
    "typing": ("Typing", "Computer keyboard", "Typewriter"),
    "clock": ("Clock", "Tick", "Tick-tock"),
    "beep": ("Beep, bleep",),
    "static": ("Static", "White noise", "Noise"),
    "hiss": ("White noise", "Static", "Hiss", "Pink noise"),
    "white noise": ("White noise", "Pink noise", "Static"),
    "singing": ("Singing",),
    "vocals": ("Singing",),
    "choir": ("Choir",),
    "piano": ("Piano", "Electric piano"),
    "keyboard": ("Keyboard (musical)",),
    "guitar": ("Guitar", "Electric guitar", "Acoustic guitar", "Bass guitar",
               "Steel guitar, slide guitar"),
    "bass": ("Bass guitar", "Double bass"),
    "drum": ("Drum", "Drum kit", "Snare drum", "Bass drum", "Drum machine", "Timpani",
             "Tabla", "Rimshot", "Drum roll"),
    "percussion": ("Percussion",),
    "violin": ("Violin, fiddle", "|", "Bowed string instrument"),
    "fiddle": ("Violin, fiddle",),
    "cello": ("Cello", "|", "Bowed string instrument"),
    "strings": ("Bowed string instrument", "String section", "Orchestra"),
    "orchestra": ("Orchestra",),
    "trumpet": ("Trumpet", "|", "Brass instrument"),
    "brass": ("Brass instrument",),
    "saxophone": ("Saxophone",),
    "sax": ("Saxophone",),
    "flute": ("Flute",),
    "organ": ("Organ", "Electronic organ", "Hammond organ"),
    "synth": ("Synthesizer",),
    "synthesizer": ("Synthesizer",),
    "harp": ("Harp",),
    "accordion": ("Accordion",),
    "harmonica": ("Harmonica",),
    "audience": ("Applause", "Cheering", "Crowd", "|", "Chatter", "Hubbub, speech noise, speech babble"),
    # Everyday names the meaning match misses or takes too broadly ('cow' -> any animal, 'clock alarm' ->
    # any alarm, 'knocking on a door' -> doorbells). Single words that also mean something else in an
    # answer ('saw', 'fan', 'stream', 'surf', 'click') are left to the meaning match.
    "cow": ("Cattle, bovinae", "Moo"),
    "cattle": ("Cattle, bovinae", "Moo"),
    "bull": ("Cattle, bovinae", "Moo"),
    "moo": ("Moo", "Cattle, bovinae"),
    "mooing": ("Moo", "Cattle, bovinae"),
    "hen": ("Chicken, rooster", "Cluck", "|", "=Fowl"),
    "chicken": ("Chicken, rooster", "Cluck", "Crowing, cock-a-doodle-doo", "|", "=Fowl"),
    "rooster": ("Chicken, rooster", "Crowing, cock-a-doodle-doo", "|", "=Fowl"),
    "crowing": ("Crowing, cock-a-doodle-doo", "Chicken, rooster"),
    "pig": ("Pig", "Oink"),
    "hog": ("Pig", "Oink"),
    "oinking": ("Oink", "Pig"),
    "sheep": ("Sheep", "Bleat"),
    "lamb": ("Sheep", "Bleat"),
    "goat": ("Goat", "Bleat"),
    "bleating": ("Bleat", "Sheep", "Goat"),
    "frog": ("Frog", "Croak"),
    "toad": ("Frog", "Croak"),
    "croaking": ("Croak", "Frog"),
    "insect": ("=Insect", "Cricket", "Mosquito", "Fly, housefly", "Bee, wasp, etc.", "Buzz"),
    "cricket": ("Cricket", "|", "=Insect"),
    "cicada": ("Cricket", "=Insect"),
    "bee": ("Bee, wasp, etc.", "Buzz", "|", "=Insect"),
    "wasp": ("Bee, wasp, etc.", "Buzz", "|", "=Insect"),
    "buzzing": ("Buzz", "Bee, wasp, etc.", "Fly, housefly", "Mosquito", "|", "=Insect"),
    "crow": ("Crow", "Caw", "|", "=Bird"),
    "cawing": ("Caw", "Crow", "|", "=Bird"),
    "chirping": ("Chirp, tweet", "Bird vocalization, bird call, bird song", "|", "=Bird", "Cricket"),
    "chirping bird": ("Chirp, tweet", "Bird vocalization, bird call, bird song", "=Bird"),
    "horse": ("Horse", "Clip-clop", "Neigh, whinny"),
    "wolf": ("Howl", "Canidae, dogs, wolves"),
    "sea": ("Waves, surf", "Ocean"),
    "ocean": ("Ocean", "Waves, surf"),
    "sea wave": ("Waves, surf", "Ocean"),
    "ocean wave": ("Waves, surf", "Ocean"),
    "river": ("Stream", "|", "=Water", "Waterfall"),
    "creek": ("Stream", "|", "=Water"),
    "brook": ("Stream", "|", "=Water"),
    "waterfall": ("Waterfall", "|", "Stream", "=Water"),
    "crackling fire": ("Fire", "Crackle"),
    "campfire": ("Fire", "Crackle"),
    "bonfire": ("Fire", "Crackle"),
    "fireplace": ("Fire", "Crackle"),
    "crackling": ("Crackle", "Fire"),
    "drip": ("Drip", "Raindrop", "Trickle, dribble", "|", "=Liquid", "=Water"),
    "dripping": ("Drip", "Raindrop", "Trickle, dribble", "|", "=Liquid", "=Water"),
    "water drop": ("Drip", "Raindrop", "Trickle, dribble", "|", "=Liquid", "=Water"),
    "droplet": ("Drip", "Raindrop", "|", "=Liquid", "=Water"),
    "pouring": ("Pour", "Fill (with liquid)", "Trickle, dribble", "Gush", "|", "=Liquid", "=Water",
                "Water tap, faucet"),
    "pouring water": ("Pour", "Fill (with liquid)", "Trickle, dribble", "Gush", "|", "=Liquid", "=Water",
                      "Water tap, faucet"),
    "running water": ("Water tap, faucet", "Sink (filling or washing)", "Gush", "Trickle, dribble", "Stream",
                      "|", "=Water", "=Liquid"),
    "faucet": ("Water tap, faucet", "Sink (filling or washing)", "|", "=Water"),
    "tap water": ("Water tap, faucet", "Sink (filling or washing)", "|", "=Water"),
    "toilet": ("Toilet flush",),
    "flushing": ("Toilet flush",),
    "toilet flush": ("Toilet flush",),
    "thunderstorm": ("Thunderstorm", "Thunder", "|", "Rain", "=Wind"),
    "crying baby": ("Baby cry, infant cry", "|", "Crying, sobbing", "Whimper"),
    "baby crying": ("Baby cry, infant cry", "|", "Crying, sobbing", "Whimper"),
    "infant": ("Baby cry, infant cry", "Baby laughter"),
    "sneeze": ("Sneeze",),
    "sneezing": ("Sneeze",),
    "cough": ("Cough", "Throat clearing"),
    "coughing": ("Cough", "Throat clearing"),
    "breathing": ("Breathing", "Pant", "Gasp", "Wheeze", "|", "Snort"),
    "panting": ("Pant", "Breathing"),
    "snore": ("Snoring",),
    "snoring": ("Snoring",),
    "walking": ("Walk, footsteps", "Shuffle", "|", "Run"),
    "brushing teeth": ("Toothbrush", "Electric toothbrush"),
    "teeth brushing": ("Toothbrush", "Electric toothbrush"),
    "toothbrush": ("Toothbrush", "Electric toothbrush"),
    # AudioSet has no drinking or can class: the nearest sounds they make
    "drinking": ("Gargling", "Gurgling", "Slosh", "|", "=Liquid", "Pour", "Chewing, mastication"),
    "sipping": ("Gargling", "Gurgling", "Slosh", "|", "=Liquid", "Pour"),
    "slurping": ("Gargling", "Gurgling", "Slosh", "|", "=Liquid", "Pour"),
    "gulping": ("Gargling", "Gurgling", "Slosh", "|", "=Liquid", "Pour"),
    "eating": ("Chewing, mastication", "Biting", "Crunch"),
    "chewing": ("Chewing, mastication", "Biting", "Crunch"),
    "crunching": ("Crunch", "Chewing, mastication", "Biting"),
    "can opening": ("Burst, pop", "Crack", "Squish", "|", "=Liquid", "Pour"),
    "opening can": ("Burst, pop", "Crack", "Squish", "|", "=Liquid", "Pour"),
    "can opener": ("Burst, pop", "Crack", "Squish", "|", "=Liquid", "Pour"),
    "soda can": ("Burst, pop", "Crack", "Squish", "|", "=Liquid", "Pour"),
    "door knock": ("Knock", "|", "=Door", "Tap", "Thump, thud"),
    "knock on door": ("Knock", "|", "=Door", "Tap", "Thump, thud"),
    "knocking on door": ("Knock", "|", "=Door", "Tap", "Thump, thud"),
    "knocking at door": ("Knock", "|", "=Door", "Tap", "Thump, thud"),
    "creak": ("Creak", "Squeak", "|", "=Door"),
    "creaking": ("Creak", "Squeak", "|", "=Door"),
    "creaky door": ("Creak", "Squeak", "|", "=Door"),
    "door creak": ("Creak", "Squeak", "|", "=Door"),
    "door creaking": ("Creak", "Squeak", "|", "=Door"),
    "creaking door": ("Creak", "Squeak", "|", "=Door"),
    "squeak": ("Squeak", "Creak"),
    "door slam": ("Slam", "|", "=Door"),
    "door slamming": ("Slam", "|", "=Door"),
    "slamming door": ("Slam", "|", "=Door"),
    "slam": ("Slam", "|", "=Door"),
    "mouse click": ("Clicking", "|", "Computer keyboard", "Tick"),
    "clicking": ("Clicking", "|", "Computer keyboard", "Tick"),
    "computer keyboard": ("Computer keyboard", "Typing", "|", "Typewriter"),
    "keyboard typing": ("Typing", "Computer keyboard", "|", "Typewriter"),
    "washing machine": ("=Mechanisms", "Whir", "Slosh", "|", "Rumble", "Vibration", "Hum"),
    "dishwasher": ("Dishes, pots, and pans", "Slosh", "=Mechanisms", "|", "=Water"),
    "vacuum": ("Vacuum cleaner",),
    "vacuum cleaner": ("Vacuum cleaner",),
    "hoover": ("Vacuum cleaner",),
    "hair dryer": ("Hair dryer",),
    "hairdryer": ("Hair dryer",),
    "clock alarm": ("Alarm clock", "|", "=Alarm", "Beep, bleep", "Buzzer", "Ringtone"),
    "clock tick": ("Tick", "Tick-tock", "Clock"),
    "clock ticking": ("Tick", "Tick-tock", "Clock"),
    "ticking clock": ("Tick", "Tick-tock", "Clock"),
    "ticking": ("Tick", "Tick-tock", "Clock"),
    "tick tock": ("Tick-tock", "Tick", "Clock"),
    "glass breaking": ("Shatter", "Glass", "Breaking", "|", "Chink, clink", "Smash, crash"),
    "breaking glass": ("Shatter", "Glass", "Breaking", "|", "Chink, clink", "Smash, crash"),
    "broken glass": ("Shatter", "Glass", "Breaking", "|", "Chink, clink", "Smash, crash"),
    "glass shattering": ("Shatter", "Glass", "Breaking", "|", "Chink, clink", "Smash, crash"),
    "shattering": ("Shatter", "Breaking", "|", "Glass", "Smash, crash"),
    "church bell": ("Church bell", "Change ringing (campanology)", "|", "=Bell"),
    "bell tower": ("Church bell", "Change ringing (campanology)", "|", "=Bell"),
    "wind chime": ("Wind chime", "Chime", "|", "=Bell"),
    "phone ringing": ("Telephone bell ringing", "Ringtone", "|", "=Telephone"),
    "ringing phone": ("Telephone bell ringing", "Ringtone", "|", "=Telephone"),
    "engine idling": ("Idling", "|", "=Engine"),
    "idling": ("Idling", "|", "=Engine"),
    "tram": ("Rail transport", "|", "Subway, metro, underground"),
    "streetcar": ("Rail transport", "|", "Subway, metro, underground"),
    "subway": ("Subway, metro, underground", "|", "Rail transport"),
    "chainsaw": ("Chainsaw",),
    "hand saw": ("Sawing", "|", "=Tools"),
    "handsaw": ("Sawing", "|", "=Tools"),
    "sawing": ("Sawing", "|", "=Tools"),
    "drilling": ("Drill", "|", "Power tool", "Dental drill, dentist's drill"),
    "jackhammer": ("Jackhammer",),
    "hammering": ("Hammer", "|", "=Tools"),
    "construction": ("Jackhammer", "Drill", "Hammer", "Power tool", "Sawing", "|", "=Tools",
                     "Heavy engine (low frequency)"),
    "children playing": ("Children playing", "Children shouting", "|", "Child speech, kid speaking", "Crowd"),
    "kids playing": ("Children playing", "Children shouting", "|", "Child speech, kid speaking", "Crowd"),
    "playground": ("Children playing", "Children shouting", "|", "Child speech, kid speaking", "Crowd"),
    "air conditioner": ("Air conditioning", "|", "Mechanical fan", "Hum", "Whir"),
    "air conditioning": ("Air conditioning", "|", "Mechanical fan", "Hum", "Whir"),
    "ceiling fan": ("Mechanical fan", "|", "Air conditioning", "Whir"),
    "electric fan": ("Mechanical fan", "|", "Air conditioning", "Whir"),
    "rustling leaves": ("Rustling leaves", "Rustle", "|", "=Wind"),
    "leaves rustling": ("Rustling leaves", "Rustle", "|", "=Wind"),
    "kettle": ("Boiling", "Steam whistle", "Whistle", "|", "Steam"),
    "boiling": ("Boiling", "|", "Steam"),
    "boiling water": ("Boiling", "|", "Steam"),
    "motorbike": ("Motorcycle",),
    "truck": ("Truck", "|", "Air brake", "Motor vehicle (road)"),
    "lorry": ("Truck", "|", "Air brake", "Motor vehicle (road)"),
}

# Named sounds that the domain evidence answers better than a single class.
SPEECH_WORDS = ("speech", "speaking", "talking", "voice", "voices", "someone speaking", "someone talking",
                "spoken word", "dialogue", "narration", "people talking", "person talking", "conversation",
                "speak", "talk", "say anything", "speaker", "speakers", "narrator")
MUSIC_PRESENCE_WORDS = ("music", "song", "songs", "a song", "soundtrack", "background music")
SILENCE_WORDS = ("silence", "quiet", "nothing", "silences", "silent parts", "silent part", "silent stretches",
                 "silent stretch", "silent moments", "silent bits", "silent sections", "quiet parts")
GENERIC_SOUND_WORDS = ("sound", "sounds", "noise", "noises", "anything", "something", "background",
                       "background sounds", "background noise", "sfx", "sound effects", "effects", "ambience",
                       "ambient sounds", "other sounds", "anything else", "audio")

# Words about the recording itself, not a sound in it ('Any clipping?').
QUALITY_WORDS = ("clipping", "distortion", "clipped", "distorted", "artifacts", "artefacts", "dropouts", "glitches",
                 "compression", "echo", "reverb", "background noise", "noise floor", "hum", "problems", "issues")

# ---------------------------------------------------------------- emotion words

# Option word -> weights over the evidence's emotion labels. Each entry weighs both label sets; only
# the labels present in the evidence's scores count, so one table serves the model and the rules.
EMOTION_WORDS: dict[str, dict[str, float]] = {}


def _emo(words: str, weights: dict[str, float]) -> None:
    for w in words.split():
        EMOTION_WORDS[w] = weights


_emo("happy pleased joyful cheerful glad delighted content satisfied amused positive upbeat joyous",
     {"happy": 1.0, "excited": 0.6, "calm": 0.15})
_emo("excited enthusiastic thrilled energetic elated eager animated",
     {"excited": 1.0, "happy": 0.8, "angry": 0.3, "fearful": 0.3})
_emo("frustrated annoyed irritated upset stressed exasperated impatient displeased",
     {"frustrated": 1.0, "angry": 0.9, "disgusted": 0.6, "sad": 0.2})
_emo("angry mad furious hostile aggressive irate enraged", {"angry": 1.0, "frustrated": 0.8, "disgusted": 0.3})
_emo("disgusted revolted repulsed grossed contemptuous", {"disgusted": 1.0, "angry": 0.3, "frustrated": 0.3})
_emo("sad unhappy depressed down melancholy disappointed gloomy sorrowful negative",
     {"sad": 1.0, "tired": 0.4, "bored": 0.3, "frustrated": 0.2})
_emo("tired bored exhausted sleepy lethargic weary", {"tired": 1.0, "bored": 1.0, "sad": 0.4, "calm": 0.2})
_emo("calm relaxed peaceful serene composed relaxing tranquil soothing",
     {"calm": 1.0, "neutral": 0.7, "bored": 0.4})
_emo("neutral flat indifferent monotone matter-of-fact unemotional even",
     {"neutral": 1.0, "calm": 0.5, "tired": 0.2, "bored": 0.3})
_emo("nervous anxious scared afraid fearful worried tense uneasy",
     {"fearful": 1.0, "frustrated": 0.6, "excited": 0.4, "sad": 0.3})
_emo("confident assertive", {"neutral": 0.5, "happy": 0.4, "excited": 0.3})
_emo("friendly warm kind", {"happy": 0.8, "calm": 0.5, "neutral": 0.3})
# Nouns and other forms people offer as options ("anger, joy, sadness or fear?").
_emo("happiness joy elation delight amusement pleasure contentment", {"happy": 1.0, "excited": 0.6, "calm": 0.15})
_emo("anger rage fury irritation annoyance frustration hostility", {"angry": 1.0, "frustrated": 0.8, "disgusted": 0.3})
_emo("sadness sorrow grief unhappiness disappointment melancholic", {"sad": 1.0, "tired": 0.4, "bored": 0.3})
_emo("fear anxiety nervousness worry panic terror scared", {"fearful": 1.0, "frustrated": 0.4, "sad": 0.3})
_emo("disgust contempt revulsion", {"disgusted": 1.0, "angry": 0.3, "frustrated": 0.3})
_emo("boredom tiredness fatigue", {"bored": 1.0, "tired": 1.0, "sad": 0.3, "calm": 0.2})
_emo("neutrality calmness calm-ness", {"neutral": 1.0, "calm": 0.6})
_emo("surprised surprise astonished amazed shocked startled", {"fearful": 0.6, "happy": 0.6, "excited": 0.8})

# Emotion label -> how a sentence names it.
EMOTION_ADJECTIVE = {"angry": "angry", "frustrated": "frustrated", "happy": "happy", "excited": "excited",
                     "calm": "calm", "sad": "sad", "tired": "tired", "neutral": "neutral", "bored": "bored",
                     "disgusted": "disgusted", "fearful": "fearful", "unclear": "hard to read"}

# ---------------------------------------------------------------- other option domains

GENDER_WORDS = {"male": "male", "man": "male", "masculine": "male", "men": "male", "boy": "male", "guy": "male",
                "female": "female", "woman": "female", "feminine": "female", "women": "female", "girl": "female",
                "lady": "female"}
PLACE_WORDS = {"indoors": "indoor", "indoor": "indoor", "inside": "indoor", "interior": "indoor", "room": "indoor",
               "studio": "indoor", "outdoors": "outdoor", "outdoor": "outdoor", "outside": "outdoor",
               "exterior": "outdoor", "street": "outdoor", "nature": "outdoor", "park": "outdoor"}
CONTENT_WORDS = {"speech": "speech", "talking": "speech", "voice": "speech", "spoken word": "speech",
                 "dialogue": "speech", "podcast": "speech", "music": "music", "song": "music",
                 "singing": "music", "noise": "noise", "silence": "silence", "silent": "silence",
                 "ambience": "noise", "sound effects": "noise", "sfx": "noise"}
SPEED_WORDS = {"fast": 1.0, "quick": 1.0, "rapid": 1.0, "upbeat": 0.8, "uptempo": 1.0, "brisk": 0.8,
               "slow": -1.0, "sluggish": -1.0, "downtempo": -1.0, "leisurely": -0.8,
               "moderate": 0.0, "medium": 0.0, "mid-tempo": 0.0, "midtempo": 0.0, "average": 0.0}
MODE_WORDS = {"major": "major", "minor": "minor"}
PITCH_WORDS = {"high": 1.0, "high-pitched": 1.0, "higher": 1.0, "squeaky": 1.0, "shrill": 1.0,
               "low": -1.0, "low-pitched": -1.0, "lower": -1.0, "deep": -1.0,
               "medium": 0.0, "average": 0.0, "normal": 0.0, "moderate": 0.0, "middle": 0.0}
LOUDNESS_WORDS = {"high": 1.0, "low": -1.0, "loud": 1.0, "noisy": 0.8, "quiet": -1.0, "soft": -1.0, "silent": -1.0,
                  "moderate": 0.0}
ENERGY_WORDS = {"high": 1.0, "low": -1.0, "energetic": 1.0, "intense": 1.0, "lively": 0.8, "high-energy": 1.0,
                "driving": 0.8,
                "dynamic": 0.6, "calm": -1.0, "relaxed": -1.0, "mellow": -1.0, "chill": -1.0, "low-energy": -1.0,
                "gentle": -0.8, "soft": -0.8, "peaceful": -1.0, "moderate": 0.0}
YES_NO_WORDS = {"yes", "no"}
# Options that read as a count: zero to ten and the words people use for some.
NUMBER_WORDS = {w: n for w, n in CARDINALS.items() if n <= 10} | {"no": 0, "none": 0, "a": 1, "single": 1,
                                                                  "several": 3, "multiple": 2, "many": 3}

# Music-mood words -> YAMNet music-mood classes and the (mode, tempo, energy) picture they fit.
# ---------------------------------------------------------------- resolving names to classes

@dataclass(frozen=True)
class SoundMatch:
    """A named sound resolved to AudioSet classes."""

    phrase: str
    primary: tuple[int, ...]   # the classes the phrase names
    related: tuple[int, ...]   # a family that still counts as a hit (e.g. any siren for 'ambulance')
    method: str                # 'synonym', 'embedding' or 'none'
    similarity: float = 1.0

    @property
    def all(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.primary) | set(self.related)))


def _resolve(name: str) -> list[int]:
    """A class or group name -> class indices; '=Name' is the class alone, not the group it heads."""
    if name.startswith("="):
        try:
            return [ontology.index_of(name[1:])]
        except KeyError:
            return []
    try:
        return ontology.indices(name)
    except KeyError:
        pass
    try:
        return [ontology.index_of(name)]
    except KeyError:
        return []


def normalise_phrase(phrase: str) -> str:
    p = re.sub(r"[^a-z0-9' -]", " ", phrase.lower())
    p = re.sub(r"\b(?:a|an|the|any|some|other|of|sounds?|noises?)\b", " ", p) if p.strip() not in \
        GENERIC_SOUND_WORDS else p
    return re.sub(r"\s+", " ", p).strip()


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 3:
        return word[:-1]
    return word


def synonym_match(phrase: str, tails: bool = True) -> SoundMatch | None:
    """The synonym table's answer for a phrase (tries the phrase, its singular and, with `tails`, its
    last words)."""
    p = normalise_phrase(phrase)
    words = p.split()
    if not words:
        return None
    singular = " ".join(words[:-1] + [_singular(words[-1])])
    candidates = [p, singular]
    # 'loud police sirens' -> 'police siren' -> 'siren'
    for k in range(len(words) - 1, 0, -1) if tails else ():
        tail = words[-k:]
        candidates += [" ".join(tail), " ".join(tail[:-1] + [_singular(tail[-1])])]
    for c in candidates:
        if c in SOUND_SYNONYMS:
            return _from_table(c, SOUND_SYNONYMS[c])
    return None


def _from_table(phrase: str, names: tuple[str, ...]) -> SoundMatch:
    split = names.index("|") if "|" in names else len(names)
    primary = sorted({i for n in names[:split] for i in _resolve(n)})
    related = sorted({i for n in names[split + 1:] for i in _resolve(n)} - set(primary))
    return SoundMatch(phrase, tuple(primary), tuple(related), "synonym")


EMBED_MIN = 0.55     # below this the best class is not taken as what the phrase names
EMBED_SURE = 0.85    # a meaning this close outranks the table's entry for the phrase's last words
EMBED_BAND = 0.06    # classes this close to the best are taken too


@lru_cache(maxsize=512)
def embedding_match(phrase: str) -> SoundMatch | None:
    """Match a phrase to AudioSet classes by meaning with the sentence embedder."""
    if not embedder.available():
        return None
    labels = embedder.label_matrix()
    q = embedder.embed([normalise_phrase(phrase) or phrase])[0]
    sims = labels @ q
    best = int(np.argmax(sims))
    top = float(sims[best])
    if top < EMBED_MIN:
        return SoundMatch(phrase, (), (), "none", round(top, 3))
    picked = [int(i) for i in np.argsort(-sims)[:4] if sims[i] >= max(EMBED_MIN, top - EMBED_BAND)]
    expanded: set[int] = set(picked)
    names = ontology.class_names()
    for i in picked:  # a class that heads a group brings its members ("Siren" -> every siren)
        for g in ontology.GROUPS:
            if g.name == names[i]:
                expanded.update(ontology.indices(g.name))
    return SoundMatch(phrase, tuple(sorted(expanded)), (), "embedding", round(top, 3))


def match_sound(phrase: str) -> SoundMatch:
    """The table's entry for the whole phrase; else a close meaning ('boiling water' is boiling, 'computer
    keyboard' not a musical one), else the entry for its last words ('loud police sirens'), else any
    meaning; a SoundMatch with no classes when nothing fits."""
    hit = synonym_match(phrase, tails=False)
    if hit is not None:
        return hit
    try:
        emb = embedding_match(normalise_phrase(phrase))
    except Exception:  # a broken embedder must not break answering
        emb = None
    if emb is not None and emb.primary and emb.similarity >= EMBED_SURE:
        return emb
    return synonym_match(phrase) or emb or SoundMatch(phrase, (), (), "none", 0.0)


# How a verb-like phrase reads as a noun in 'No ... was detected'.
NOUNS = {"raining": "rain", "snowing": "snow", "thundering": "thunder", "storming": "storm", "windy": "wind",
         "laughing": "laughter", "clapping": "clapping", "crying": "crying"}

_DISPLAY = {"Drum": "drums", "Rain on surface": "rain on a surface", "Walk, footsteps": "footsteps",
            "Vehicle horn, car horn, honking": "car horn", "Bird vocalization, bird call, bird song": "birdsong",
            "Traffic noise, roadway noise": "traffic noise", "Hubbub, speech noise, speech babble": "babble",
            "Fire engine, fire truck (siren)": "fire engine siren", "Baby cry, infant cry": "baby crying",
            "Smoke detector, smoke alarm": "smoke alarm", "Gunshot, gunfire": "gunshots",
            "Beep, bleep": "beeping", "Chirp, tweet": "chirping", "Drum kit": "drum kit"}


def display_name(label: str) -> str:
    """'Violin, fiddle' -> 'violin'; 'Police car (siren)' -> 'police car siren'."""
    if label in _DISPLAY:
        return _DISPLAY[label]
    first = label.split(",")[0]
    return re.sub(r"\s+", " ", first.replace("(", "").replace(")", "")).strip().lower()


__all__ = ["SOUND_SYNONYMS", "EMOTION_WORDS", "SoundMatch", "match_sound", "synonym_match",
           "embedding_match", "display_name", "normalise_phrase"]

# ---------------------------------------------------------------- option words of the newer intents

AGE_WORDS = {"child": "child", "kid": "child", "children": "child", "boy": "child", "girl": "child",
             "toddler": "child", "teenager": "child", "teen": "child", "baby": "baby", "infant": "baby",
             "adult": "adult", "grown-up": "adult", "grownup": "adult", "man": "adult", "woman": "adult",
             "elderly": "elderly", "old": "elderly", "older": "elderly", "senior": "elderly",
             "old person": "elderly", "young": "child", "young adult": "adult", "middle-aged": "adult"}
LIVE_WORDS = {"live": "live", "concert": "live", "live performance": "live", "in front of an audience": "live",
              "live take": "live", "live version": "live", "live recording": "live", "studio version": "studio",
              "studio take": "studio", "studio production": "studio",
              "studio": "studio", "studio recording": "studio", "recorded in a studio": "studio",
              "studio recorded": "studio"}
INTONATION_WORDS = {"question": "question", "a question": "question", "asking": "question",
                    "statement": "statement", "a statement": "statement", "telling": "statement"}
STYLE_WORDS = {"whispering": "whispering", "whisper": "whispering", "shouting": "shouting", "shout": "shouting",
               "just speaking": "speaking", "just talking": "speaking", "speak": "speaking", "talk": "speaking",
               "speak softly": "speaking", "softly": "speaking", "yell": "shouting", "yelling at": "shouting",
               "yelling": "shouting", "screaming": "screaming", "singing": "singing", "sing": "singing",
               "laughing": "laughing", "laugh": "laughing", "crying": "crying", "cry": "crying",
               "sobbing": "crying", "talking": "speaking", "speaking": "speaking", "normally": "speaking",
               "talking normally": "speaking", "speaking normally": "speaking", "sighing": "sighing"}
TREND_WORDS = {"louder": "louder", "quieter": "quieter", "softer": "quieter", "stays the same": "steady",
               "speed up": "speeds up", "slow down": "slows down", "get faster": "speeds up",
               "get slower": "slows down", "stay the same": "steady", "stay steady": "steady",
               "get louder": "louder", "get quieter": "quieter", "fade out": "quieter", "fade in": "louder",
               "the same": "steady", "steady": "steady", "constant": "steady", "faster": "speeds up",
               "slower": "slows down", "speeds up": "speeds up", "slows down": "slows down",
               "gets louder": "louder", "gets quieter": "quieter", "fades out": "quieter", "fades in": "louder"}
REVERB_WORDS = {"dry": "dry", "dead": "dry", "close": "dry", "close-miked": "dry", "reverberant": "reverberant",
                "echoey": "reverberant", "echoing": "reverberant", "echo": "reverberant", "wet": "reverberant",
                "roomy": "reverberant", "spacious": "reverberant", "big room": "reverberant", "hall": "reverberant",
                "small room": "dry", "room": "reverberant"}
