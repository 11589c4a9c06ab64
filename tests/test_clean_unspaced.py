"""Pages in scripts written without spaces between words are article text, not menus."""

from __future__ import annotations

import pytest

from quotewire.clean import clean_article
from quotewire.errors import InputError
from quotewire.models import Article

# Our own sentences: "The city council approved the new harbour budget on Monday; the mayor said
# construction will start next spring." in Chinese and Japanese, and a Thai one of the same sense.
SENTENCES = {
    "zh": ["市议会周一批准了新的港口预算，市长表示工程将于明年春天开始。", "工会领袖说，罢工将持续到双方达成协议为止。"],
    "ja": ["市議会は月曜日に新しい港の予算を承認し、市長は工事が来年の春に始まると述べた。", "組合の代表は、合意に達するまでストライキを続けると語った。"],
    "th": ["สภาเมืองอนุมัติงบประมาณท่าเรือใหม่เมื่อวันจันทร์และนายกเทศมนตรีกล่าวว่าการก่อสร้างจะเริ่มในฤดูใบไม้ผลิหน้า"],
}


def page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>港口</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_an_article_without_spaces_between_words_is_kept(language: str) -> None:
    article = clean_article(Article(id=language, text="", html=page(SENTENCES[language]), input=f"{language}.html"))
    assert SENTENCES[language][0] in article.text


def test_a_menu_in_such_a_script_is_still_no_text() -> None:
    menu = "<html><body><nav><ul><li>首页</li><li>新闻</li><li>体育</li><li>天气</li></ul></nav></body></html>"
    with pytest.raises(InputError) as info:
        clean_article(Article(id="m", text="", html=menu, input="menu.html"))
    assert info.value.reason == "no_text"
