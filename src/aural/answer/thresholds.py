"""Every number the answer layer decides with, in one place (scores are YAMNet / model probabilities)."""

from __future__ import annotations

INSTRUMENT_MIN = 0.25     # an instrument is named as heard at this score
GUESS_MIN = 0.15          # below INSTRUMENT_MIN but above this: offered only as a low-confidence guess
GENRE_MIN = 0.2
MOOD_MIN = 0.2
LOW_TEMPO_CONF = 0.4      # below this a tempo is said as uncertain
KEY_SURE = 0.5            # key confidence at which the key is stated without "uncertain"
MAIN_SOUND_MIN = 0.15     # a source weaker than this is not named as the clip's main sound
MAIN_SOUND_GUESS = 0.06   # weaker than MAIN_SOUND_MIN down to this: named as the nearest, an estimate
RELATED_WEIGHT = 0.6      # an offered sound's related class counts at this share of its score
SPECIFIC_HOLDS = 0.5      # a specific class names its family ('a dog barking') when it holds this share of the best
LISTED_MIN = 0.3          # sounds listed in a description or a list of sounds score at least this
ALL_SOUNDS_MIN = 0.12     # "every sound you hear": weaker classes are listed too, marked low confidence
SPEECH_DOMINANT = 0.5     # share of the clip that makes speech the main sound
EMOTION_HARD = 0.45       # below this the speaker's emotion is said as hard to tell
GENDER_SURE = 0.6         # a voice is called male or female at this confidence
UNVOICED_WHISPER = 0.12   # speech with fewer voiced frames than this share is whispered (normal speech 0.5-0.8)
ATTRIBUTE_MIN = 0.2       # a vocal attribute (child speech, whisper, shout) is reported at this score
LIVE_MIN = 0.45           # the engine's live-audience cue (or applause/cheering) from which a clip sounds live
LOUDNESS_TREND_DB = 3.0   # a loudness change (start to end) worth calling louder / quieter
TREND_R2 = 0.3            # a fitted trend explains at least this share of the variance
TEMPO_CHANGE_BPM = 6.0    # a tempo difference across the clip worth calling a change
PHONE_BAND_HZ = 4200.0    # speech with no energy above this sounds telephone-band
REVERB_ROOM_S = 0.3       # RT60 above this: an audible room
REVERB_HALL_S = 0.9       # RT60 above this: a large reverberant space
CLIPPING_RATIO = 0.001    # share of clipped samples that counts as clipping
SILENT_CLIP = 0.9         # silence ratio that makes a clip silent
SILENT_STRETCH = 0.05     # silence ratio that counts as having silent stretches
