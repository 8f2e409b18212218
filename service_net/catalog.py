"""The appliance categories and brands the registry starts with (seeded idempotently)."""

from __future__ import annotations

from django.db import transaction

from .models import Brand, BrandAlias, Category, Manufacturer

CATEGORIES = [
    ("refrigerator", "电冰箱", "Refrigerator"),
    ("washing_machine", "洗衣机", "Washing machine"),
    ("air_conditioner", "空调", "Air conditioner"),
    ("tv_flat_panel", "平板电视", "Flat-panel TV"),
    ("tv_crt", "显像管电视", "CRT TV"),
    ("mobile_phone", "手机", "Mobile phone"),
    ("computer", "电脑", "Computer"),
    ("microwave_oven", "微波炉", "Microwave oven"),
    ("range_hood", "抽油烟机", "Range hood"),
    ("gas_water_heater", "燃气热水器", "Gas water heater"),
    ("electric_water_heater", "电热水器", "Electric water heater"),
    ("electric_fan", "电风扇", "Electric fan"),
    ("vacuum_cleaner", "吸尘器", "Vacuum cleaner"),
    ("dishwasher", "洗碗机", "Dishwasher"),
    ("water_purifier", "净水器", "Water purifier"),
]

# manufacturer -> [(brand, English name, aliases, parent brand)]
BRANDS = {
    "海尔集团": [("海尔", "Haier", ["haier", "海尔电器"], None),
                ("卡萨帝", "Casarte", ["casarte"], "海尔")],
    "美的集团": [("美的", "Midea", ["midea", "美的电器"], None)],
    "格力电器": [("格力", "Gree", ["gree", "格力空调"], None)],
    "海信集团": [("海信", "Hisense", ["hisense"], None)],
    "TCL实业": [("TCL", "TCL", ["tcl电视"], None)],
    "四川长虹": [("长虹", "Changhong", ["changhong"], None)],
    "小米集团": [("小米", "Xiaomi", ["xiaomi", "mi", "米家"], None)],
    "华为终端": [("华为", "Huawei", ["huawei", "荣耀华为"], None)],
}


@transaction.atomic
def catalog_seed() -> None:
    for order, (code, zh, en) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "sort_order": order * 10})
    for maker_name, brands in BRANDS.items():
        maker, _ = Manufacturer.objects.get_or_create(name=maker_name)
        for name, name_en, aliases, parent in brands:
            brand, _ = Brand.objects.update_or_create(name=name, defaults={
                "manufacturer": maker, "name_en": name_en,
                "parent": Brand.objects.get(name=parent) if parent else None})
            for alias in [name_en, *aliases]:
                BrandAlias.objects.get_or_create(alias=alias.casefold(), defaults={"brand": brand})
