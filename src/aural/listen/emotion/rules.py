"""The rule-based emotion fallback: arousal and valence from prosody, vocal events and wording.

Used when the trained voice model cannot run (no weights) or heard no segment long enough to judge.
Arousal comes from pitch against a typical voice, pitch range, loudness, speaking rate, pauses and
shouts, whispers or sighs; valence from a small six-language lexicon and laughter or crying. The point
is then called by its nearest labels on the one arousal/valence table (`space.AROUSAL_VALENCE`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from aural.listen.emotion.space import AROUSAL_VALENCE, RULE_LABELS
from aural.listen.evidence import EmotionEstimate
from aural.listen.voice_norms import pitch_level_semitones

MAX_RULE_CONFIDENCE = 0.7   # a rule-based emotion call is never surer than this

# A small lexicon (en, fr, de, es, it, pt); matched on lower-cased word tokens.
POSITIVE_WORDS = frozenset("""
good great love lovely wonderful amazing awesome excellent happy glad fantastic beautiful nice
perfect thanks thank enjoy enjoyed fun brilliant delighted excited best yay wow cool pleased
super superb terrific fabulous joy congratulations glorious like
bon bonne bien génial super merci heureux heureuse magnifique parfait excellent adore formidable
joie content contente bravo
gut toll super danke glücklich wunderbar schön prima perfekt liebe freude großartig herrlich
bueno buena bien genial gracias feliz maravilloso maravillosa perfecto excelente encanta alegría
estupendo hermoso hermosa
buono buona bene grazie felice meraviglioso perfetto bellissimo ottimo
bom boa obrigado obrigada feliz maravilhoso perfeito ótimo lindo
""".split())
NEGATIVE_WORDS = frozenset("""
bad terrible awful horrible hate hated angry sad upset worst annoying annoyed stupid sorry
disappointed disappointing afraid scared worried tired sick pain hurt cry crying damn hell no never
wrong problem fail failed failure miserable furious ridiculous disgusting unfortunately lonely
depressed stressed frustrating frustrated useless shut
mauvais mauvaise terrible horrible déteste triste fâché fâchée nul nulle fatigué fatiguée peur
malheureusement colère problème pire
schlecht schrecklich furchtbar hasse traurig wütend müde leider angst problem schlimm blöd
malo mala terrible horrible odio triste enfadado enojado cansado cansada miedo desgraciadamente
problema peor
cattivo terribile orribile odio triste arrabbiato stanco paura purtroppo
mau má terrível horrível odeio triste cansado medo infelizmente
""".split())


def lexicon_valence(words: list[str]) -> tuple[float, list[str], list[str]]:
    """Valence in [-1, 1] from positive/negative words, with the words found."""
    toks = [re.sub(r"[^\w']", "", w.lower()) for w in words]
    pos = [t for t in toks if t in POSITIVE_WORDS]
    neg = [t for t in toks if t in NEGATIVE_WORDS]
    if not pos and not neg:
        return 0.0, [], []
    score = (len(pos) - len(neg)) / (len(pos) + len(neg) + 1.0)
    return float(np.clip(score * 1.3, -1, 1)), pos, neg


def estimate_emotion(feats: dict[str, Any], words: list[str] | None = None,
                     gender: str | None = None) -> EmotionEstimate:
    """Rule-based arousal/valence from prosody, vocal events and wording, mapped to a label."""
    cues: list[str] = []
    a_terms: list[float] = []  # each term roughly in [-1, 1]
    med, rng = feats.get("pitch_median_hz"), feats.get("pitch_range_semitones")
    if med is not None:
        level = float(np.clip(pitch_level_semitones(med, gender) / 4.0, -1, 1))
        spread = float(np.clip((rng - 7.0) / 4.0, -1, 1)) if rng is not None else 0.0
        a_terms += [level, spread]
        if level > 0.4 or spread > 0.4:
            cues.append(f"{'high' if level > 0.4 else 'moderate'}, "
                        f"{'wide-ranging' if spread > 0.4 else 'steady'} pitch "
                        f"(median {med:.0f} Hz, {rng:.0f} semitones)")
        elif level < -0.4 or spread < -0.4:
            cues.append(f"{'low' if level < -0.4 else 'moderate'}, "
                        f"{'flat' if spread < -0.4 else 'varied'} pitch "
                        f"(median {med:.0f} Hz, {rng:.0f} semitones)")
    loud = feats.get("loudness_db")
    if loud is not None:
        lz = float(np.clip((loud + 22.0) / 8.0, -1, 1)) * 0.6  # level depends on the recording
        a_terms.append(lz)
        if loud > -14:
            cues.append(f"loud speech ({loud:.0f} dBFS)")
        elif loud < -35:
            cues.append(f"quiet speech ({loud:.0f} dBFS)")
    var = feats.get("loudness_variation_db")
    if var is not None:
        a_terms.append(float(np.clip((var - 6.0) / 4.0, -1, 1)) * 0.5)
    sps = feats.get("speaking_rate_sps")
    if sps is not None:
        rz = float(np.clip((sps - 4.5) / 1.5, -1, 1))
        a_terms.append(rz)
        if rz > 0.5:
            cues.append(f"fast speech ({sps:.1f} syllables/s)")
        elif rz < -0.5:
            cues.append(f"slow speech ({sps:.1f} syllables/s)")
    pause_share = feats.get("pause_seconds", 0.0) / max(feats.get("speech_seconds", 0.0)
                                                       + feats.get("pause_seconds", 0.0), 1e-9)
    if pause_share > 0.35 and feats.get("pauses", 0) >= 2:
        a_terms.append(-0.5)
        cues.append(f"long pauses ({feats['pauses']} pauses, {feats['pause_seconds']:.1f} s)")

    arousal = float(np.mean(a_terms)) if a_terms else 0.0
    shout, whisper = feats.get("event_shout", 0.0), feats.get("event_whisper", 0.0)
    laugh, cry, sigh = (feats.get("event_laughter", 0.0), feats.get("event_crying", 0.0),
                        feats.get("event_sigh", 0.0))
    if shout:
        arousal += 0.6 * shout
        cues.append(f"shouting heard (score {shout:.2f})")
    if whisper:
        arousal -= 0.4 * whisper
        cues.append(f"whispering heard (score {whisper:.2f})")
    if sigh:
        arousal -= 0.3 * sigh
        cues.append(f"sighs heard (score {sigh:.2f})")

    valence, v_weight = 0.0, 0.0
    lex, pos, neg = lexicon_valence(words or [])
    if pos or neg:
        w = min(1.0, 0.4 + 0.2 * (len(pos) + len(neg)))
        valence += lex * w
        v_weight += w
        if neg:
            cues.append("negative words: " + ", ".join(f"'{t}'" for t in _uniq(neg)[:4]))
        if pos:
            cues.append("positive words: " + ", ".join(f"'{t}'" for t in _uniq(pos)[:4]))
    if laugh:
        valence += 0.8 * laugh
        v_weight += laugh
        arousal += 0.2 * laugh
        cues.append(f"laughter heard (score {laugh:.2f})")
    if cry:
        valence -= 0.9 * cry
        v_weight += cry
        cues.append(f"crying heard (score {cry:.2f})")
    if sigh:
        valence -= 0.2 * sigh
    valence = float(np.clip(valence / max(v_weight, 1.0), -1, 1))
    arousal = float(np.clip(arousal, -1, 1))

    names = list(RULE_LABELS)
    d2 = np.array([(arousal - AROUSAL_VALENCE[n][0]) ** 2 + (valence - AROUSAL_VALENCE[n][1]) ** 2
                   for n in names])
    logits = -d2 / 0.15
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    best = int(np.argmax(probs))
    # How much there was to go on: prosody from enough speech, words, events.
    evidence = min(1.0, feats.get("voiced_seconds", 0.0) / 5.0) * 0.5 \
        + min(1.0, v_weight) * 0.3 + min(1.0, abs(arousal) + abs(valence)) * 0.2
    confidence = float(min(MAX_RULE_CONFIDENCE, probs[best] * (0.4 + 0.6 * evidence)))
    if not cues:
        cues.append("no strong prosodic or verbal cues")
    cues.append("rule-based estimate from prosody, vocal events and wording")
    return EmotionEstimate(label=names[best], confidence=round(confidence, 3), cues=cues,
                           scores={n: round(float(p), 3) for n, p in zip(names, probs)},
                           arousal=round(arousal, 3), valence=round(valence, 3))


def _uniq(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
