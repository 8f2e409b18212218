"""Does a name or listing use a brand, or the words of an official service? (domain.md §6)

Ads for fake "authorized" outlets write the brand exactly ('海尔售后'), by an alias ('Haier'),
with a lookalike character ('海尓'), by a homophone ('海儿', '美帝': same pinyin), or misspelled
('Haeir'); and they add 官方 / 授权 / 指定 / 特约 / 售后服务中心. These functions find such uses;
whether one is a signal depends on the authorizations behind the number (signals.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from pypinyin import Style, pinyin

from .model import BrandFact
from .text import compact, fold_lookalikes, is_cjk, latin_tokens, without_brackets

EXACT, ALIAS, LOOKALIKE, PINYIN, SPELLING = "name", "alias", "similar_characters", "pinyin", "spelling"
_STRENGTH = {EXACT: 0, ALIAS: 1, LOOKALIKE: 2, PINYIN: 3, SPELLING: 4}
# Words that claim an authorization on their own, and words that do so beside a brand.
CLAIM_WORDS = ("官方", "授权", "指定", "特约", "厂家", "原厂", "总部")
CENTRE_WORDS = ("售后服务中心", "售后服务站", "售后服务部", "售后中心", "维修中心", "服务中心",
                "客服中心", "售后服务", "售后")
LATIN_CLAIM_WORDS = ("official", "authorized", "authorised")
MIN_FUZZY_LATIN = 5  # letters; shorter brand spellings ('gree', 'tcl') match exactly only
NAME_MATCH_RATIO = 0.8
MIN_CONTAINED_CORE = 2  # characters of a name besides its generic words
_GENERIC = re.compile("|".join(sorted((
    "有限公司", "公司", "经营部", "服务部", "维修部", "商行", "门市部", "门市", "网点", "售后", "服务",
    "中心", "维修", "修理", "快修", "家电", "电器", "空调", "冰箱", "洗衣机", "电视", "热水器",
    "油烟机", "燃气灶", "手机", "特约", "授权", "指定", "官方", "总部", "厂家", "专业", "上门",
    "演示", "站", "店", "部",
), key=len, reverse=True)))
# A county or township in front of a name: '凉州区', '民勤县', '黄羊镇'.
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?[区县市镇乡]")


@dataclass(frozen=True)
class BrandMention:
    brand_id: int
    brand: str
    how: str  # EXACT | ALIAS | LOOKALIKE | PINYIN | SPELLING
    matched: str


def brand_mentions(text: str, brands: Sequence[BrandFact]) -> list[BrandMention]:
    """The brands a text uses, each once, by its most literal form."""
    found: dict[int, BrandMention] = {}
    if not text or not text.strip():
        return []
    for brand in brands:
        mention = _cjk_mention(text, brand) or _latin_mention(text, brand)
        if mention:
            found[brand.brand_id] = mention
    return sorted(found.values(), key=lambda m: (_STRENGTH[m.how], m.brand_id))


@lru_cache(maxsize=512)
def _cjk_terms(brand: BrandFact) -> tuple[tuple[str, str], ...]:
    terms = [(compact(brand.name), EXACT)] + [(compact(a), ALIAS) for a in sorted(brand.aliases)]
    return tuple((t, how) for t, how in terms if t and any(is_cjk(ch) for ch in t))


def _cjk_mention(text: str, brand: BrandFact) -> BrandMention | None:
    plain, folded = compact(text), fold_lookalikes(text)
    for term, how in _cjk_terms(brand):
        if term in plain:
            return BrandMention(brand.brand_id, brand.name, how, term)
    for term, _how in _cjk_terms(brand):
        if term in folded:
            return BrandMention(brand.brand_id, brand.name, LOOKALIKE, term)
    for term, _how in _cjk_terms(brand):
        hit = _pinyin_hit(folded, term)
        if hit:
            return BrandMention(brand.brand_id, brand.name, PINYIN, hit)
    return None


def _pinyin_hit(text: str, term: str) -> str | None:
    """A run of `text` that reads like `term` (every character shares a fuzzy reading)."""
    size = len(term)
    if size < 2 or len(text) < size:
        return None
    wanted = [_readings(ch) for ch in term]
    have = [_readings(ch) for ch in text]
    for start in range(len(text) - size + 1):
        if all(have[start + i] & wanted[i] for i in range(size)):
            return text[start:start + size]
    return None


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset[str]:
    if not is_cjk(ch):
        return frozenset()
    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(_fuzzy(r) for r in (readings[0] if readings else []))


def _fuzzy(syllable: str) -> str:
    """Readings a listener confuses: zh/z, ch/c, sh/s, n/l, -ng/-n."""
    for retro, flat in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if syllable.startswith(retro):
            syllable = flat + syllable[2:]
    if syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    return syllable[:-1] if syllable.endswith("ng") else syllable


@lru_cache(maxsize=512)
def _latin_terms(brand: BrandFact) -> tuple[tuple[str, str], ...]:
    terms = [(compact(t), ALIAS) for t in [brand.name_en, brand.name, *sorted(brand.aliases)]]
    terms.append(("".join(_plain_pinyin(brand.name)), PINYIN))
    return tuple((t, how) for t, how in terms if t.isascii() and t.isalpha())


def _plain_pinyin(name: str) -> list[str]:
    if not all(is_cjk(ch) for ch in name):
        return []
    return [r[0] for r in pinyin(name, style=Style.NORMAL)]


def _latin_mention(text: str, brand: BrandFact) -> BrandMention | None:
    tokens = latin_tokens(text)
    words = set(tokens) | {a + b for a, b in zip(tokens, tokens[1:], strict=False)}
    for term, how in _latin_terms(brand):
        if term in words or (len(term) >= MIN_FUZZY_LATIN and any(term in w for w in words)):
            return BrandMention(brand.brand_id, brand.name, how, term)
    for term, _how in _latin_terms(brand):
        if len(term) < MIN_FUZZY_LATIN:
            continue
        for word in words:
            if len(word) >= MIN_FUZZY_LATIN and _edits(word, term) <= 1:
                return BrandMention(brand.brand_id, brand.name, SPELLING, word)
    return None


def _edits(a: str, b: str) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit: 'haeir')."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def official_words(text: str, *, with_brand: bool) -> list[str]:
    """The words claiming an official service: 官方/授权/指定/特约 always; 售后服务中心 and the
    like only beside a brand (a plain '家电维修中心' claims nothing)."""
    plain = compact(text)
    found = [w for w in CLAIM_WORDS if w in plain]
    found += [w for w in LATIN_CLAIM_WORDS if w in latin_tokens(text)]
    if found or with_brand:
        centres = [w for w in CENTRE_WORDS if w in plain]
        found += [w for w in centres if not any(w != o and w in o for o in centres)]
    return found if (found and (with_brand or set(found) & {*CLAIM_WORDS, *LATIN_CLAIM_WORDS})) else []


def name_key(name: str) -> str:
    """The form two outlet names are compared in: no branch in brackets, no punctuation."""
    return compact(without_brackets(name))


def brand_words(brands: Sequence[BrandFact]) -> frozenset[str]:
    """Brand names and aliases in compared form: not what sets one outlet's name apart."""
    return frozenset(w for b in brands for w in (compact(b.name), *map(compact, b.aliases)) if w)


def names_match(given: str, registered: str, brands: frozenset[str] = frozenset()) -> bool:
    """Whether a name as a consumer typed it designates a registered outlet's name (with or
    without the branch in brackets, a part of it, or a near spelling). `brands` (brand_words)
    keeps '美的售后' from designating every outlet with 美的 in its name."""
    givens = {name_key(given), compact(given)} - {""}
    registereds = {name_key(registered), compact(registered)} - {""}
    return any(_keys_match(a, b, brands) for a in givens for b in registereds)


def _core(key: str) -> str:
    return _GENERIC.sub("", _PLACE_PREFIX.sub("", key))


def _keys_match(a: str, b: str, brands: frozenset[str]) -> bool:
    """Equal, or alike in what sets them apart: '海尔空调售后服务中心' and '美的空调售后服务中心'
    share every generic word and are still two outlets."""
    if a == b:
        return True
    core_a, core_b = _core(a), _core(b)
    if not core_a or not core_b:
        return False
    if core_a == core_b:
        return True
    short, long_ = sorted((core_a, core_b), key=len)
    distinctive = short
    for word in brands:
        distinctive = distinctive.replace(word, "")
    if len(distinctive) >= MIN_CONTAINED_CORE and short in long_:
        return True
    return SequenceMatcher(None, core_a, core_b).ratio() >= NAME_MATCH_RATIO
