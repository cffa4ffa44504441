"""Text that looks damaged but is correct must pass the full default pipeline unchanged.

Each line is its own one-paragraph document; the canonical layout only adds the
final line break. Doubling, classical usage, numbers, times, URLs, code and Latin
sentences are all things a careless cleaner would "fix".
"""

from __future__ import annotations

import pytest

from cleaner.api import clean_text
from cleaner.pipeline import Config

NEGATIVE = [
    # reduplication: AA, AABB, ABB, ABAB, runs
    "哈哈哈", "哈哈哈哈，太好笑了。", "谢谢谢谢！", "天天向上", "好好学习，天天向上。", "一一对应",
    "日日夜夜", "人人", "人人都有责任。", "常常想起", "看看再说", "试试看", "高高兴兴", "干干净净的房间",
    "清清楚楚", "明明白白", "研究研究", "讨论讨论", "商量商量", "休息休息", "红彤彤的脸", "绿油油的麦田",
    "慢慢地走", "渐渐地", "星星点点", "家家户户", "方方面面", "世世代代", "子子孙孙", "形形色色",
    "轰轰烈烈", "兢兢业业", "勤勤恳恳", "踏踏实实", "默默无闻", "欣欣向荣", "蒸蒸日上", "井井有条",
    "一个一个地", "一步一步", "一年一年", "妈妈", "爸爸", "宝宝", "姐姐说", "奶奶", "猩猩", "蝈蝈",
    "往往", "刚刚", "仅仅", "偏偏", "稍稍", "悄悄", "纷纷表示", "殷殷嘱托", "谆谆教诲", "郁郁葱葱",
    "中国国际进口博览会", "实现这一目的的途径", "全国国土空间规划", "中国共产党党员", "他他们",
    "说说笑笑", "来来往往", "多多益善", "年年有余", "步步为营", "历历在目", "津津有味", "楚楚动人",
    # classical and literary
    "子曰：学而时习之，不亦说乎？", "孟子曰：民为贵，社稷次之，君为轻。", "王曰：善。", "其曰：可。",
    "之乎者也", "夫子曰", "不亦乐乎", "呜呼哀哉",
    # numbers, times, units, versions
    "增长3.5%", "增长3.5%，高于预期。", "比例尺为1:1000。", "会议于12:30开始。", "时间12:30—14:00",
    "2021年9月26日", "第1.2节", "人口1,000万", "共计1,234,567元", "约5.5亿人", "温度-5℃",
    "版本2.0", "2015—2019年", "1990～2000年", "GDP增长6.5%", "5G基站", "iPhone 13", "H2O分子",
    "O2O模式", "B2B平台", "A4纸", "COVID-19疫情", "第19届", "二〇二一年", "一九九〇年",
    # URLs, e-mail, code, paths
    "网址是http://www.gov.cn/a,b", "见www.gov.cn", "请发邮件到zhang.san@example.com。",
    "运行print(\"hello\")即可", "配置项name=\"值\"", "路径C:\\Users\\admin", "a--b", "cleaner --help",
    "f(x) = x + 1", "x = [1, 2, 3]",
    # Latin sentences and abbreviations
    "Hello, world!", "He said \"hello\" to me.", "It's a good day.", "Research and Development",
    "张三 et al. 著", "Wait... what?", "GDP (nominal)", "R&D 研发",
    # Chinese punctuation already right
    "他说：“我们要‘两个维护’。”", "《关于加强党内政治文化建设的实施意见》（试行）", "等等……", "全面建设——创新",
    "“时代新人说”品牌走向全国。", "这是为什么？", "太好了！",
    # words a confusion table might touch
    "干部", "若干意见", "千方百计", "事关千家万户", "面对千难万险", "周末来临", "自己", "已经", "而已",
    "冶炼厂", "保卫领土", "从末端抓起", "先生曰", "乾隆皇帝", "著名作家", "瞭望塔", "狼藉",
    "干劲十足", "骨干", "巴士", "士兵", "土地", "人才", "入口", "未来", "末尾", "日益", "曰", "竞争", "竟然",
    # names and rare words
    "小悦悦", "欧阳修", "司马光", "诸葛亮", "娄烦县", "太原市",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_correct_text_stays_unchanged(text: str) -> None:
    result = clean_text(text)
    assert result.text == text + "\n", [e.to_dict() for e in result.applied]


@pytest.mark.parametrize("text", NEGATIVE)
def test_correct_text_stays_unchanged_with_unsafe_character_rules(text: str) -> None:
    """Unsafe character-stage suggestions must not touch this text either."""
    result = clean_text(text, Config(unsafe=True))
    touched = [e for e in result.applied if "characters" in e.stage]
    assert not touched, [e.to_dict() for e in touched]
