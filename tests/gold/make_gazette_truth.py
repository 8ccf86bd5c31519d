"""How tests/gold/gazette_identity.json was made (kept for review; not run by the tests).

For each of the 217 gazette texts the truth is the instrument's own number, type and
year. Sources, in order:

* number: the number printed in the document's header (or, for consolidated texts, in
  the authentication block), checked against the catalogue slug; where the text has no
  header at all (image-only pages, truncated texts) the catalogue slug, with the
  diacritics of its codes restored;
* type: the catalogue slug's type, except where the printed header says otherwise
  (nghi-quyet-so-45-2019-qh14 is printed "Bộ luật số: 45/2019/QH14");
* year: the catalogue year where it is a year; otherwise the date printed with the
  number (the catalogue puts the number in `nam` for many consolidated texts), or the
  gazette issue date for texts without a header.

Run from the project root with the extraction of the corpus in /tmp/gz_ident.json to
regenerate; review every change by hand before committing it.
"""

import json
import re

PREFIX = {"nghi-dinh": "Nghị định", "thong-tu": "Thông tư", "van-ban-hop-nhat": "Văn bản hợp nhất",
          "nghi-quyet": "Nghị quyết", "quyet-dinh": "Quyết định", "luat": "Luật", "thong-bao": "Thông báo"}
# read from the printed header, where the catalogue is wrong
TYPE_CORRECTIONS = {"nghi-quyet-so-45-2019-qh14-30232": "Bộ luật"}
# texts with no header: the catalogue number with its codes' diacritics restored, and
# the year of the gazette issue that printed them
NO_HEADER = {
    "nghi-dinh-so-186-2026-nd-cp-469660": ("186/2026/NĐ-CP", 2026),
    "thong-bao-so-02-2023-tb-lpqt-39022": ("02/2023/TB-LPQT", 2023),
    "van-ban-hop-nhat-so-5162-vbhn-bldtbxh-43035": ("5162/VBHN-BLĐTBXH", 2024),
    "van-ban-hop-nhat-so-2022-vbhn-bldtbxh-37412": ("2022/VBHN-BLĐTBXH", 2022),
    "nghi-quyet-so-99-nq-cp-469343": ("99/NQ-CP", 2026),
}


def main():
    extracted = dict(json.load(open("/tmp/gz_ident.json")))
    index = {i["slug"]: i for i in json.load(open("../shared/corpus/gazette/index.json"))}
    out = []
    for slug, item in index.items():
        kind = PREFIX[slug.split("-so-")[0]]
        kind = TYPE_CORRECTIONS.get(slug, kind)
        if slug in NO_HEADER:
            number, year = NO_HEADER[slug]
            source = "catalogue"
        else:
            d = extracted[slug]
            number = d["number"]
            nam = item["nam"]
            serial = re.match(r"\d+", number).group(0)
            year = nam if 1990 <= nam <= 2026 and str(nam) != serial else d["year"]
            source = "header"
        out.append({"slug": slug, "number": number, "type": kind, "year": year, "source": source})
    with open("tests/gold/gazette_identity.json", "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
