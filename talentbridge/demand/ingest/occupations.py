"""Job title -> 职业分类大典 (2022) occupation code, by curated keyword rules.

The rules are project judgement (not an official crosswalk) and cover the digital-creative
occupations the dashboard is about; titles that match no rule get no occupation (""). Every
code must exist in ``talentbridge/taxonomy/data/occupations_cn.csv`` (a test checks it).
The first matching rule wins, so specific keywords come before general ones.
"""

from __future__ import annotations

from functools import cache

from talentbridge.demand.ingest.dedupe import text_key

OCCUPATION_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("4-04-05-05", ("人工智能训练师", "数据标注", "aitrainer", "dataannotat")),
    ("2-02-38-07", ("虚拟现实工程", "vr开发", "ar开发", "xr开发", "unity3d开发")),
    ("4-04-05-11", ("虚拟现实", "vr设计", "元宇宙")),
    ("4-13-02-02", ("动画制作", "原画", "三维动画", "3d动画", "动画师", "animator", "绑定师")),
    ("2-09-06-03", ("动画设计", "角色设计", "场景设计", "分镜", "storyboard", "conceptartist")),
    ("2-09-03-06", ("剪辑", "后期", "videoeditor", "editor(video)", "调色", "特效合成")),
    ("4-13-02-09", ("摄像", "摄影师", "videographer", "cameraman", "cameraoperator")),
    ("2-09-01-06", ("导演", "编导", "director")),
    ("4-01-06-02", ("主播", "直播", "带货", "互联网营销", "livestream", "influencer")),
    (
        "4-13-01-05",
        (
            "新媒体",
            "全媒体",
            "短视频运营",
            "抖音",
            "小红书",
            "内容运营",
            "社群运营",
            "socialmedia",
            "contentoperat",
            "公众号",
        ),
    ),
    ("2-10-02-05", ("网络编辑", "文案", "编辑", "copywriter", "contentwriter", "editor")),
    ("4-01-06-01", ("电商", "电子商务", "淘宝", "天猫", "京东", "店铺运营", "ecommerce")),
    ("4-07-02-05", ("数据分析", "dataanalyst", "商务数据")),
    ("4-08-08-08", ("广告设计", "平面设计", "美工", "graphicdesign", "海报")),
    ("4-08-08-09", ("包装设计",)),
    ("4-08-08-21", ("会展设计", "展览设计", "展陈")),
    (
        "2-09-06-01",
        (
            "视觉设计",
            "ui设计",
            "ux设计",
            "交互设计",
            "uidesign",
            "uxdesign",
            "visualdesign",
            "品牌设计",
        ),
    ),
    (
        "2-09-06-07",
        (
            "数字媒体",
            "游戏美术",
            "三维设计",
            "3d设计",
            "建模",
            "c4d",
            "blender",
            "digitalartist",
            "aigc",
            "ai绘画",
            "ai设计",
            "3dartist",
        ),
    ),
    ("4-08-08-29", ("桌游",)),
    (
        "4-04-05-01",
        (
            "程序员",
            "开发工程师",
            "软件工程师",
            "前端",
            "后端",
            "java",
            "python",
            "developer",
            "programmer",
            "softwareengineer",
        ),
    ),
)


@cache
def occupation_for_title(title: str) -> str:
    """The occupation code for a job title, or "" when no rule matches."""
    key = text_key(title)
    for code, keywords in OCCUPATION_RULES:
        if any(keyword in key for keyword in keywords):
            return code
    return ""
