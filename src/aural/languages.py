"""Language codes as Whisper names them, and their English names (one table for every layer)."""

from __future__ import annotations

from aural.errors import InvalidRequestError

# Whisper's 99 languages (+ Cantonese), with English names as Whisper lists them.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "zh": "Chinese", "de": "German", "es": "Spanish", "ru": "Russian",
    "ko": "Korean", "fr": "French", "ja": "Japanese", "pt": "Portuguese", "tr": "Turkish",
    "pl": "Polish", "ca": "Catalan", "nl": "Dutch", "ar": "Arabic", "sv": "Swedish",
    "it": "Italian", "id": "Indonesian", "hi": "Hindi", "fi": "Finnish", "vi": "Vietnamese",
    "he": "Hebrew", "uk": "Ukrainian", "el": "Greek", "ms": "Malay", "cs": "Czech",
    "ro": "Romanian", "da": "Danish", "hu": "Hungarian", "ta": "Tamil", "no": "Norwegian",
    "th": "Thai", "ur": "Urdu", "hr": "Croatian", "bg": "Bulgarian", "lt": "Lithuanian",
    "la": "Latin", "mi": "Maori", "ml": "Malayalam", "cy": "Welsh", "sk": "Slovak",
    "te": "Telugu", "fa": "Persian", "lv": "Latvian", "bn": "Bengali", "sr": "Serbian",
    "az": "Azerbaijani", "sl": "Slovenian", "kn": "Kannada", "et": "Estonian", "mk": "Macedonian",
    "br": "Breton", "eu": "Basque", "is": "Icelandic", "hy": "Armenian", "ne": "Nepali",
    "mn": "Mongolian", "bs": "Bosnian", "kk": "Kazakh", "sq": "Albanian", "sw": "Swahili",
    "gl": "Galician", "mr": "Marathi", "pa": "Punjabi", "si": "Sinhala", "km": "Khmer",
    "sn": "Shona", "yo": "Yoruba", "so": "Somali", "af": "Afrikaans", "oc": "Occitan",
    "ka": "Georgian", "be": "Belarusian", "tg": "Tajik", "sd": "Sindhi", "gu": "Gujarati",
    "am": "Amharic", "yi": "Yiddish", "lo": "Lao", "uz": "Uzbek", "fo": "Faroese",
    "ht": "Haitian Creole", "ps": "Pashto", "tk": "Turkmen", "nn": "Nynorsk", "mt": "Maltese",
    "sa": "Sanskrit", "lb": "Luxembourgish", "my": "Myanmar", "bo": "Tibetan", "tl": "Tagalog",
    "mg": "Malagasy", "as": "Assamese", "tt": "Tatar", "haw": "Hawaiian", "ln": "Lingala",
    "ha": "Hausa", "ba": "Bashkir", "jw": "Javanese", "su": "Sundanese", "yue": "Cantonese",
}


_CODES_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}


def name_of(code: str) -> str:
    """'de' -> 'German'; an unknown code stays as it is."""
    return LANGUAGE_NAMES.get(code, code)


def code_of(name: str) -> str | None:
    """'Spanish' or 'spanish' -> 'es'; None for a name not in the table."""
    return _CODES_BY_NAME.get(name.lower())


__all__ = ["LANGUAGE_NAMES", "code_of", "name_of"]


def language_code(value: str | None) -> str | None:
    """A transcription language as an ISO-639-1 code Whisper knows (lower-cased), or None (detect it)."""
    if value is None or not value.strip():
        return None
    code = value.strip().lower()
    if code not in LANGUAGE_NAMES:
        raise InvalidRequestError(f"'language' must be an ISO-639-1 code, not '{code[:10]}'")
    return code


MIN_LEXICAL_WORDS = 2   # a transcript with fewer real words than this tells no language (a laugh, an "oh")
# Vocal sounds Whisper writes down as if they were words: a laugh is "Ha ha ha.", a groan "Err...".
INTERJECTIONS = frozenset("""
    ha hah haha hahaha hahahaha heh hehe hee hihi ho hoho oh ooh oooh ah aah ahh aw aww awww uh uhh uh-huh
    um umm hm hmm hmmm mm mmm mhm mm-hmm er err erm eh ugh ew eww ow oww ouch oops wow whoa huh yay phew pfft
    psst shh sh tsk argh aargh aah ay ai oi ooh-la-la ahem achoo""".split())


def lexical_words(text: str) -> int:
    """Words in `text` that are not vocal sounds (`INTERJECTIONS`) nor bare punctuation."""
    words = ("".join(ch for ch in w.lower() if ch.isalnum() or ch == "-").strip("-") for w in text.split())
    return sum(1 for w in words if w and w not in INTERJECTIONS)


def too_few_words(text: str) -> bool:
    """Fewer than `MIN_LEXICAL_WORDS` real words in `text` (none at all included)."""
    return lexical_words(text) < MIN_LEXICAL_WORDS
