"""Synthetic digital-creative job postings (project-written wording, no scraped rows).

``synthetic_postings(n, seed)`` yields rows with Chinese headers (职位名称, 公司名称, 岗位职责,
任职要求, 薪资, 工作地点, 发布日期) spread over twelve months; AIGC requirements become more
frequent over time, so the dashboard has a trend to show. Used by the demo command, the tests
and the benchmark generator.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADERS = ("职位名称", "公司名称", "岗位职责", "任职要求", "薪资", "工作地点", "发布日期")

ROLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "短视频剪辑师",
        ("负责抖音、视频号短视频的剪辑与包装", "根据脚本完成粗剪、精剪、调色与字幕"),
        ("熟练使用Premiere、剪映", "会After Effects做简单包装", "有良好的镜头感和节奏感"),
    ),
    (
        "视频后期制作",
        ("负责宣传片后期剪辑、调色与特效合成", "配合导演完成成片交付"),
        ("精通Premiere与DaVinci Resolve调色", "熟悉After Effects", "懂基本的音频处理"),
    ),
    (
        "新媒体运营",
        ("负责小红书、微信公众号的内容策划与日常运营", "分析数据并优化选题"),
        ("文案功底好", "熟悉新媒体平台规则", "会用数据分析工具"),
    ),
    (
        "直播运营",
        ("负责直播间的策划、排期与复盘", "协调主播、场控完成直播带货"),
        ("熟悉抖音直播后台", "有直播电商经验", "抗压能力强"),
    ),
    (
        "带货主播",
        ("负责品牌直播间的讲解与带货", "配合运营完成销售目标"),
        ("普通话标准，表达能力强", "有直播带货经验优先", "镜头感好"),
    ),
    (
        "平面设计师",
        ("负责品牌海报、电商详情页与物料设计", "维护品牌视觉规范"),
        ("精通Photoshop与Illustrator", "有良好的审美和排版能力", "会C4D优先"),
    ),
    (
        "UI设计师",
        ("负责App与小程序的界面设计", "输出设计规范与切图"),
        ("熟练使用Figma", "了解交互设计原则", "有作品集"),
    ),
    (
        "三维动画师",
        ("负责角色动画与场景动画制作", "配合项目完成镜头输出"),
        ("熟练使用Maya或Blender", "有骨骼绑定经验", "了解Unreal Engine优先"),
    ),
    (
        "电商运营",
        ("负责天猫、京东店铺的日常运营与活动策划", "优化商品主图与转化率"),
        ("熟悉电商平台后台", "数据敏感", "有团队协作精神"),
    ),
    (
        "游戏原画师",
        ("负责游戏角色与场景原画设计", "配合美术总监完成风格设定"),
        ("扎实的手绘功底", "熟练使用Photoshop", "了解游戏美术流程"),
    ),
)
AIGC_DUTIES = (
    "使用Midjourney、Stable Diffusion完成AI出图与风格探索",
    "搭建ComfyUI工作流提升出图效率",
    "使用AI工具辅助脚本与文案创作",
)
AIGC_REQUIREMENTS = ("熟悉Stable Diffusion或Midjourney", "会编写提示词", "了解AIGC工具")
COMPANIES = (
    "星河文化传媒有限公司",
    "青禾数字科技有限公司",
    "云帆互动娱乐有限公司",
    "锦鲤电子商务有限公司",
    "微光影视制作有限公司",
    "拾光设计工作室",
    "九州网络科技股份有限公司",
    "橙子直播科技有限公司",
    "山海动画有限公司",
    "柒号品牌策划有限公司",
    "若水教育科技有限公司",
    "远山智能科技有限公司",
)
CITIES = (
    "上海-浦东新区",
    "上海-徐汇区",
    "杭州-西湖区",
    "杭州-滨江区",
    "广州-天河区",
    "深圳-南山区",
    "北京-朝阳区",
    "成都-高新区",
    "金华-义乌市",
    "南京-鼓楼区",
)
SALARIES = (
    "6-8千/月",
    "8千-1.2万/月",
    "1-1.5万/月",
    "1.5-2万/月",
    "12-18K·13薪",
    "5-7千/月",
    "200元/天",
    "面议",
)
TEAM = (
    "团队以95后为主，氛围轻松",
    "项目覆盖美妆、食品与家居品类",
    "服务过多个国潮品牌",
    "公司提供完善的导师带教",
    "每周有作品复盘与技能分享",
    "办公地点近地铁站",
    "弹性工作制",
    "年底有项目奖金与调薪",
    "有机会参与大型发布会拍摄",
    "可参与海外市场内容项目",
    "负责的账号粉丝量超过百万",
    "与多所高校共建实训基地",
    "提供年度体检与节日福利",
    "部门正在扩张，晋升通道清晰",
    "工作内容涉及文旅、非遗题材",
    "配备专业摄影棚与调色室",
    "客户包括头部手机品牌",
    "接受实习转正",
    "双休，五险一金",
    "定期组织团建与行业展会参观",
)
EDUCATION = ("大专及以上学历", "本科及以上学历", "学历不限")
EXPERIENCE = ("1年以上相关工作经验", "3年以上经验", "接受应届毕业生")


def synthetic_postings(
    n: int, *, seed: int = 7, start: date = date(2024, 1, 1), months: int = 12
) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for index in range(n):
        month = index * months // max(n, 1)
        posted = start + timedelta(days=month * 30 + rng.randrange(28))
        title, duties, requirements = rng.choice(ROLES)
        aigc = rng.random() < 0.05 + 0.5 * month / max(months - 1, 1)
        duty_list = list(rng.sample(duties, len(duties)))
        need_list = [rng.choice(EDUCATION), rng.choice(EXPERIENCE), *requirements]
        if aigc:
            duty_list.append(rng.choice(AIGC_DUTIES))
            need_list.append(rng.choice(AIGC_REQUIREMENTS))
        duty_list.extend(rng.sample(TEAM, 4))
        yield {
            "职位名称": title,
            "公司名称": rng.choice(COMPANIES),
            "岗位职责": "；".join(f"{i}、{d}" for i, d in enumerate(duty_list, 1)),
            "任职要求": "；".join(f"{i}、{r}" for i, r in enumerate(need_list, 1))
            + f"（编号{index}）",
            "薪资": rng.choice(SALARIES),
            "工作地点": rng.choice(CITIES),
            "发布日期": posted.isoformat(),
        }


def write_csv(
    path: Path, rows: Iterator[dict[str, str]] | list[dict[str, str]], *, encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(HEADERS))
        writer.writeheader()
        writer.writerows(rows)
    return path
