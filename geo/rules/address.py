"""Find the deepest administrative division (行政区划) named in a free Chinese address.

Plain Python over the gazetteer given as data: no Django, no database, no clock.

Chinese addresses run from the largest division to the smallest ("甘肃省武威市凉州区黄羊镇新店村"),
so the address is read from its start, one division name after another, each one a division
inside the one before (province ⊃ city ⊃ county ⊃ township). Levels may be skipped ("凉州区黄羊镇"),
names may be short ("古浪大靖": 古浪 = 古浪县, 大靖 = 大靖镇), and whatever follows the last name (村,
组, street and number) is kept as `rest`.

Every reading that names the most characters wins (full names before short ones). Of tied
readings the one ending in the larger division wins: people name the county before its towns, so
"古浪" is 古浪县, not its town 古浪镇, and "永昌" is 金昌's 永昌县, not 凉州区's 永昌镇 (name the
county, "凉州区永昌", or pass `within`, to get the town). Tied readings at one level that end in
different divisions are ambiguous: the answer is the deepest division common to all of them — a
township name that exists in two counties of one city gives that city, flagged `ambiguous`,
with both townships as alternatives; "朝阳区" (Beijing and Changchun) has no common division and
gives nothing, with both alternatives listed. No reading is preferred by population or order:
the gazetteer rarely knows populations, and a confident wrong county would send a complaint to
the wrong regulator (the county-level regulator where the business operates has jurisdiction,
市场监督管理投诉举报处理暂行办法 art. 9).

False positives are kept out by three rules on short names (a name with its suffix removed):
at least 2 characters; never when the address goes on with an administrative suffix or a
village/street word (古浪 in "古浪镇" is not 古浪县); and never when another division's name
matches more characters at the same place (黄羊 in "黄羊川镇" is not 黄羊镇).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

LEVELS = ("province", "city", "county", "township")
FULL, ALIAS, SHORT = "full", "alias", "short"

# Suffixes removed to get the short name, longest first, per level.
_SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "林区", "特区", "新区", "县", "区", "市", "旗"),
    "township": ("街道办事处", "民族乡", "办事处", "街道", "苏木", "镇", "乡"),
}
# The generic form people write for an autonomous division: 天祝藏族自治县 -> 天祝县, 天祝自治县.
_AUTONOMOUS_ALIASES = {"自治县": ("县", "自治县"), "自治州": ("州", "自治州"), "自治旗": ("旗",),
                       "自治区": ("自治区",), "民族乡": ("乡",)}
# The 55 minority nationalities as autonomous division names write them (and 各, as in 各族),
# longest first.
_ETHNIC = sorted((
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各"), key=len, reverse=True)
# A short name must not run on into one of these: the address then names something else.
_NOT_AFTER_SHORT = frozenset("省市州盟县区旗镇乡街村组社路巷道号弄委")
_NOISE_PREFIXES = ("中华人民共和国", "中国", "收货地址", "通讯地址", "详细地址", "家庭住址", "地址", "住址")
_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")
MIN_SHORT = 2


@dataclass(frozen=True)
class Place:
    """One division of the gazetteer as plain data."""

    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class Segment:
    """A division named in the address: the characters that named it and how (full/alias/short)."""

    place: Place
    text: str
    start: int
    how: str


@dataclass(frozen=True)
class AddressMatch:
    """The deepest division the address names for certain, and what else it could mean.

    `place`: the answer (None when nothing matched or the readings share no division).
    `chain`: the names read, largest first. `alternatives`: every tied reading's division when
    there is more than one. `ambiguous`: the readings disagree below `place`. `rest`: what
    follows the names (village, street, number).
    """

    place: Place | None
    chain: tuple[Segment, ...] = ()
    alternatives: tuple[Place, ...] = ()
    ambiguous: bool = False
    rest: str = ""
    text: str = ""


def normalize_address(text: str) -> str:
    """Full-width to half-width, no spaces or punctuation, no leading country/label/postcode."""
    text = _KEEP.sub("", unicodedata.normalize("NFKC", text or ""))
    changed = True
    while changed:
        changed = False
        stripped = text.lstrip("0123456789")
        for prefix in _NOISE_PREFIXES:
            if stripped.startswith(prefix):
                stripped = stripped[len(prefix):]
        changed, text = stripped != text, stripped
    return text


def _strip_ethnic(stem: str) -> str:
    """天祝藏族 -> 天祝; 积石山保安族东乡族撒拉族 -> 积石山; never below 2 characters (内蒙古 stays)."""
    while True:
        form = next((f for people in _ETHNIC for f in (people + "族", people)
                     if stem.endswith(f) and len(stem) - len(f) >= MIN_SHORT), None)
        if form is None:
            return stem
        stem = stem[: -len(form)]


def name_variants(name: str, level: str) -> list[tuple[str, str]]:
    """(variant, how) for a division name: itself, its short name, generic autonomous forms.

    天祝藏族自治县 -> 天祝藏族自治县 (full), 天祝 (short), 天祝县 and 天祝自治县 (alias).
    A short name under 2 characters is not offered (城区 has none).
    """
    variants = [(name, FULL)]
    suffix = next((s for s in _SUFFIXES.get(level, ()) if name.endswith(s) and len(name) > len(s)), "")
    if not suffix:
        return variants
    stem = name[: -len(suffix)]
    if "自治" in suffix or suffix == "民族乡" or stem.endswith("族"):
        stem = _strip_ethnic(stem)
    if len(stem) < MIN_SHORT:
        return variants
    variants.append((stem, SHORT))
    for generic in _AUTONOMOUS_ALIASES.get(suffix, ()):
        alias = stem + generic
        if alias != name:
            variants.append((alias, ALIAS))
    return variants


def short_name(name: str, level: str) -> str:
    """The short form of a division name (凉州区 -> 凉州), or the name itself when it has none."""
    return next((v for v, how in name_variants(name, level) if how == SHORT), name)


@dataclass
class AddressIndex:
    """The gazetteer prepared for matching: names (every variant) and each division's ancestors."""

    places: dict[str, Place]
    names: dict[str, list[tuple[Place, str]]] = field(default_factory=dict)
    ancestors: dict[str, frozenset[str]] = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def build(cls, places: Iterable[Place]) -> AddressIndex:
        index = cls(places={p.code: p for p in places})
        for place in index.places.values():
            for variant, how in name_variants(place.name, place.level):
                index.names.setdefault(variant, []).append((place, how))
                index.longest = max(index.longest, len(variant))
        for code in index.places:
            index.ancestors[code] = frozenset(index._walk_up(code))
        return index

    def _walk_up(self, code: str) -> list[str]:
        seen: list[str] = []
        parent = self.places[code].parent_code
        while parent and parent in self.places and parent not in seen:
            seen.append(parent)
            parent = self.places[parent].parent_code
        return seen

    def lineage(self, code: str) -> list[Place]:
        """The division and its ancestors, largest first."""
        return [self.places[c] for c in reversed([code, *self._walk_up(code)])]

    def is_inside(self, code: str, outer: str) -> bool:
        return outer in self.ancestors.get(code, ())

    def segments_at(self, text: str, start: int, inside: str | None) -> list[Segment]:
        """Names that start at `start`, of divisions inside `inside` (anywhere when None)."""
        every = [Segment(place, text[start:end], start, how)
                 for end in range(min(len(text), start + self.longest), start, -1)
                 for place, how in self.names.get(text[start:end], ())]
        longest = max((len(s.text) for s in every), default=0)
        return [s for s in every
                if (inside is None or self.is_inside(s.place.code, inside))
                and (s.how != SHORT or _short_stands(text, s, longest))]


def _short_stands(text: str, segment: Segment, longest_name_here: int) -> bool:
    after = segment.start + len(segment.text)
    if after < len(text) and text[after] in _NOT_AFTER_SHORT:
        return False
    return len(segment.text) >= longest_name_here


def _readings(index: AddressIndex, text: str, start: int,
              inside: str | None) -> list[tuple[Segment, ...]]:
    """Every chain of names from `start`, each inside the one before (depth-first)."""
    chains: list[tuple[Segment, ...]] = []
    for segment in index.segments_at(text, start, inside):
        tails = _readings(index, text, start + len(segment.text), segment.place.code)
        chains.extend((segment, *tail) for tail in tails)
        chains.append((segment,))
    return chains


def _in_scope(index: AddressIndex, code: str, within: str | None) -> bool:
    if within is None or code == within:
        return True
    return index.is_inside(code, within) or index.is_inside(within, code)


def _rank(chain: tuple[Segment, ...]) -> tuple[int, int]:
    named = sum(len(s.text) for s in chain)
    exact = sum(len(s.text) for s in chain if s.how != SHORT)
    return named, exact


def _deepest_common(index: AddressIndex, places: list[Place]) -> Place | None:
    common = set.intersection(*({p.code, *index.ancestors[p.code]} for p in places))
    if not common:
        return None
    return max((index.places[c] for c in common), key=lambda p: len(index.ancestors[p.code]))


def match_address(index: AddressIndex, text: str, within: str | None = None) -> AddressMatch:
    """The deepest division that `text` names for certain (see the module docstring).

    `within`: a division code; readings ending outside it (and not above it) are dropped, so
    "古城" within 武威市 is 古城镇 rather than Lijiang's 古城区.
    """
    clean = normalize_address(text)
    chains = [c for c in _readings(index, clean, 0, None) if _in_scope(index, c[-1].place.code, within)]
    if not chains:
        return AddressMatch(place=None, rest=clean, text=clean)
    best = max(_rank(c) for c in chains)
    chains = [c for c in chains if _rank(c) == best]
    top_level = min(LEVELS.index(c[-1].place.level) for c in chains)
    chains = [c for c in chains if LEVELS.index(c[-1].place.level) == top_level]
    finals = sorted({c[-1].place for c in chains}, key=lambda p: p.code)
    place = _deepest_common(index, finals)
    chosen = [c for c in chains if c[-1].place == place]
    return AddressMatch(
        place=place, chain=chosen[0] if chosen else _shared_prefix(chains),
        alternatives=tuple(finals) if len(finals) > 1 else (), ambiguous=len(finals) > 1,
        rest=clean[best[0]:], text=clean)


def _shared_prefix(chains: list[tuple[Segment, ...]]) -> tuple[Segment, ...]:
    shared = []
    for segments in zip(*chains, strict=False):
        if len({s.place.code for s in segments}) != 1:
            break
        shared.append(segments[0])
    return tuple(shared)
