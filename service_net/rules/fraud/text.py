"""Text normalization for names, listings and fee items as consumers and ads write them.

Full-width forms fold (NFKC), Latin letters fold case, a few traditional characters fold to
simplified ones (海爾, 授權, 售後), and punctuation and spaces go, so that '海 尔·售后' and
'海尔售后' compare equal. `fold_lookalikes` further maps characters that only look like a brand's
(形近字: 尓 for 尔, カ for 力) — used to detect imitation, never to decide that two names match.
"""

from __future__ import annotations

import re
import unicodedata

_TRADITIONAL = str.maketrans({
    "權": "权", "約": "约", "後": "后", "務": "务", "維": "维", "脩": "修", "爾": "尔", "為": "为",
    "華": "华", "長": "长", "門": "门", "檢": "检", "測": "测", "費": "费", "廠": "厂", "線": "线",
    "電": "电", "視": "视", "機": "机", "調": "调", "熱": "热", "總": "总", "點": "点", "網": "网",
    "處": "处", "區": "区", "縣": "县", "鎮": "镇", "東": "东", "車": "车", "號": "号",
    "設": "设", "飾": "饰", "際": "际", "國": "国", "業": "业", "專": "专", "體": "体", "衛": "卫",
})
# 形近字: characters that ads put in place of a brand's to dodge a trademark complaint.
_LOOKALIKES = str.maketrans({
    "尓": "尔", "尒": "尔", "児": "儿", "旳": "的", "カ": "力", "ヵ": "力", "勹": "力", "刂": "力",
    "乂": "义", "菙": "华", "澕": "华", "讠": "言", "圭": "佳", "ㄇ": "门", "ロ": "口", "エ": "工",
    # Cyrillic letters that look Latin, after case folding ('Наier').
    "о": "o", "а": "a", "е": "e", "н": "h", "т": "t", "с": "c", "і": "i", "р": "p", "х": "x",
})
_BRACKETED = re.compile(
    r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|「[^「」]*」|<[^<>]*>|《[^《》]*》")
_LATIN_RUN = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """NFKC, case-folded, traditional → simplified for the characters names use."""
    return unicodedata.normalize("NFKC", text or "").casefold().translate(_TRADITIONAL)


def compact(text: str) -> str:
    """Letters and digits only, folded: the form names are compared in."""
    return "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LN")


def fold_lookalikes(text: str) -> str:
    """`compact`, with lookalike characters replaced by the character they imitate."""
    return compact(fold(text).translate(_LOOKALIKES))


def without_brackets(text: str) -> str:
    """The name without bracketed parts: branch names '(凉州店)', tags '【演示】'."""
    folded = fold(text)
    previous = None
    while previous != folded:
        previous, folded = folded, _BRACKETED.sub("", folded)
    return folded


def latin_tokens(text: str) -> list[str]:
    """Runs of Latin letters ('www.haier-fix.cn' → www, haier, fix, cn), lookalikes folded."""
    return _LATIN_RUN.findall(fold(text).translate(_LOOKALIKES))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
