# ruff: noqa: E501 -- a data table reads best one row per line
"""The bilingual demo world: fictional organizations modeled on real patterns.

Every name below is invented for the demo; credit codes and school identifiers are generated
with valid check digits but belong to no real organization.
"""

from __future__ import annotations

# key, name_zh, name_en, kind, college_level, region, description_zh, description_en
ORGANIZATIONS: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("zjdac", "浙江数字艺术职业学院", "Zhejiang Vocational College of Digital Arts", "college",
     "higher_vocational", "330106", "以数字媒体艺术设计、动漫制作技术为特色的高职院校，全国数字创意AIGC产教融合共同体秘书处所在单位。",
     "A higher vocational college known for digital media art and animation; hosts the secretariat of the national digital-creative AIGC community."),
    ("ywdesign", "义乌创意设计职业学院", "Yiwu Creative Design Vocational College", "college",
     "higher_vocational", "330782", "扎根小商品市场，推行“产、教、学、赛、创”五位一体，教师带学生为市场商户完成真实设计项目。",
     "Rooted in the small-commodity market town; its five-in-one model brings merchants' real design jobs into class."),
    ("hzvoc", "杭州信息工程职业学院", "Hangzhou Vocational College of Information Engineering", "college",
     "higher_vocational", "330100", "开设数字媒体技术、网络营销与直播电商等专业。",
     "Offers digital media technology and online marketing & live-stream e-commerce majors."),
    ("szpoly", "深圳数字创意职业技术大学", "Shenzhen University of Digital Creative Technology", "college",
     "undergraduate", "440300", "职业本科，数字影像与游戏美术方向。", "A vocational university focused on digital imaging and game art."),
    ("cdmedia", "成都传媒职业学院", "Chengdu Media Vocational College", "college",
     "higher_vocational", "510100", "影视后期与短视频方向的传媒类高职。", "A media college for film post-production and short video."),
    ("whart", "武汉艺术设计学院", "Wuhan Academy of Art and Design", "college", "undergraduate",
     "420100", "本科艺术设计院校，视觉传达与动画专业。", "An undergraduate art and design school: visual communication and animation."),
    ("nbsec", "宁波市职业高级中学", "Ningbo Vocational Senior High School", "college",
     "secondary_vocational", "330200", "中职，计算机平面设计与直播电商服务专业。", "Secondary vocational: graphic design and live-commerce services."),
    ("xmvoc", "厦门软件职业技术学院", "Xiamen Software Vocational and Technical College", "college",
     "higher_vocational", "350200", "动漫制作技术与数字媒体技术专业。", "Animation production and digital media technology majors."),
    ("starlight", "星光数字影像有限公司", "Starlight Digital Imaging Co., Ltd.", "enterprise", "",
     "330100", "影视后期、特效合成与调色工作室。", "Film and TV post-production, VFX compositing and colour grading."),
    ("yiwumart", "义乌小商品电商服务有限公司", "Yiwu Small Commodity E-commerce Services Co., Ltd.", "enterprise", "",
     "330782", "为市场商户提供主图、详情页、短视频与直播代运营服务。",
     "Product photos, detail pages, short video and live-stream operations for market merchants."),
    ("livewave", "浪潮直播电商科技有限公司", "LiveWave Live-commerce Technology Co., Ltd.", "enterprise", "",
     "330100", "直播电商运营与主播孵化机构。", "Live-stream commerce operations and streamer incubation."),
    ("pixelforge", "像素工坊游戏美术有限公司", "PixelForge Game Art Co., Ltd.", "enterprise", "",
     "440300", "游戏原画、3D 角色与场景外包。", "Game concept art, 3D characters and environments."),
    ("aigcstudio", "灵感 AIGC 内容科技有限公司", "Inspiration AIGC Content Technology Co., Ltd.", "enterprise", "",
     "310000", "AIGC 商品图、AI 视频与提示词工程服务。", "AIGC product images, AI video and prompt engineering services."),
    ("brandlab", "杭州品牌视觉设计有限公司", "Hangzhou Brand Visual Design Co., Ltd.", "enterprise", "",
     "330100", "品牌 VI、包装与电商视觉设计。", "Brand identity, packaging and e-commerce visual design."),
    ("shortvid", "短剧工场文化传媒有限公司", "Shortplay Factory Culture Media Co., Ltd.", "enterprise", "",
     "510100", "短视频与微短剧策划、拍摄、剪辑。", "Planning, shooting and editing of short videos and micro-dramas."),
    ("motion3d", "动点三维动画有限公司", "MotionPoint 3D Animation Co., Ltd.", "enterprise", "",
     "420100", "三维动画与动态图形制作。", "3D animation and motion graphics."),
    ("xmplatform", "鹭岛新媒体运营有限公司", "Egret Island New Media Operations Co., Ltd.", "enterprise", "",
     "350200", "小红书、抖音账号代运营与数据分析。", "Xiaohongshu and Douyin account operations and analytics."),
    ("qdprint", "青岛印象包装设计有限公司", "Qingdao Impression Packaging Design Co., Ltd.", "enterprise", "",
     "370200", "包装设计与印刷。", "Packaging design and printing."),
    ("csgame", "长沙星河游戏有限公司", "Changsha Galaxy Games Co., Ltd.", "enterprise", "", "430100",
     "手游研发，招聘 UI 与特效美术。", "Mobile game studio hiring UI and VFX artists."),
    ("xaculture", "西安长安文创科技有限公司", "Xi'an Chang'an Cultural Creative Technology Co., Ltd.", "enterprise", "",
     "610100", "文创产品设计与数字文博。", "Cultural creative products and digital museums."),
    ("ywedu", "义乌市教育局", "Yiwu Municipal Education Bureau", "government", "", "330782",
     "负责全市职业教育与产教融合工作。", "Oversees vocational education and industry–education integration in Yiwu."),
    ("hzhrss", "杭州市人力资源和社会保障局", "Hangzhou Municipal Human Resources and Social Security Bureau",
     "government", "", "330100", "负责就业与职业技能培训。", "Responsible for employment and vocational skills training."),
    ("zjedu", "浙江省教育厅", "Zhejiang Provincial Department of Education", "government", "", "330000",
     "全省教育行政主管部门。", "The provincial education authority."),
    ("dcassoc", "中国数字创意产业协会（示例）", "China Digital Creative Industry Association (demo)",
     "association", "", "110000", "全国性行业协会，共同体指导单位。", "A national industry association; guiding unit of the community."),
    ("hzdmassoc", "杭州市数字媒体行业协会", "Hangzhou Digital Media Industry Association", "association", "",
     "330100", "本地数字媒体企业的行业组织。", "Trade body of local digital media companies."),
    ("ywmerch", "义乌市电子商务协会", "Yiwu E-commerce Association", "association", "", "330782",
     "服务义乌电商企业与市场商户。", "Serves Yiwu's e-commerce companies and market merchants."),
    ("dcri", "数字创意产业研究院", "Digital Creative Industry Research Institute", "research", "",
     "330100", "研究数字创意产业人才供需。", "Researches talent supply and demand in the digital creative industries."),
    ("aigclab", "AIGC 教育应用实验室", "AIGC in Education Lab", "research", "", "310000",
     "研究 AIGC 在职业教育中的应用与合规。", "Studies the use and compliance of AIGC in vocational education."),
    ("sxmedia", "苏州影像职业学院", "Suzhou Imaging Vocational College", "college", "higher_vocational",
     "320500", "摄影摄像技术与影视编导专业。", "Photography, videography and film directing majors."),
    ("bjfilm", "北京影视后期制作中心", "Beijing Film Post-production Centre", "enterprise", "", "110000",
     "影视剪辑、调色与声音后期。", "Editing, grading and sound post-production."),
    ("jhfilm", "金华数字影视职业学院", "Jinhua Digital Film Vocational College", "college", "higher_vocational",
     "330700", "新近注册的影视类高职，认证材料待平台审核。", "A newly registered film college whose evidence awaits the operators' review."),
]  # fmt: skip

# Organizations left unverified with evidence submitted, so that an operator can show the
# verification flow in the admin (ADR 0009); every other demo organization is verified.
# key -> the person (PEOPLE key) who uploaded the evidence.
PENDING_VERIFICATION = {"yiwumart": "bob", "jhfilm": "ivy"}

# Community-level trust the secretariat granted (community slug, org key): bob's enterprise
# counts in the alliance's figures while the platform has not verified it yet.
TRUSTED_SEATS = [("yiwu-design-alliance", "yiwumart")]

# slug, name_zh, name_en, kind, secretariat key, guiding unit key, region, founded, desc zh, desc en
COMMUNITIES = [
    ("aigc-national", "全国数字创意AIGC产教融合共同体", "National Digital-Creative AIGC Industry–Education Community",
     "community", "zjdac", "dcassoc", "", "2024-05-18",
     "由院校、企业、行业协会和研究机构共同组建，开展供需对接、资源共享、协同创新与人才共育。",
     "Colleges, enterprises, associations and research institutes working together on supply–demand docking, shared resources, joint innovation and talent development."),
    ("hz-dm-committee", "杭州市职业教育数字媒体艺术专业委员会", "Hangzhou Vocational Education Committee for Digital Media Arts",
     "committee", "hzvoc", "hzhrss", "330100", "2023-09-10",
     "市内职业院校与数字媒体企业组成的专业委员会，共建课程与实训基地。",
     "A city committee of vocational colleges and digital media companies that co-build courses and training bases."),
    ("yiwu-design-alliance", "义乌小商品设计产教联盟", "Yiwu Small-Commodity Design Industry–Education Alliance",
     "alliance", "ywdesign", "ywedu", "330782", "2022-11-01",
     "设计院校与市场商户、电商企业结成联盟，把商户的真实设计需求带进课堂与竞赛。",
     "Design colleges, market merchants and e-commerce firms bringing merchants' real design needs into class and competitions."),
]  # fmt: skip

# community slug -> [(org key, tier)]
SEATS = {
    "aigc-national": [
        ("zjdac", "chair"), ("szpoly", "vice_chair"), ("aigcstudio", "vice_chair"),
        ("whart", "executive_director"), ("starlight", "executive_director"),
        ("pixelforge", "executive_director"), ("cdmedia", "director"), ("xmvoc", "director"),
        ("livewave", "director"), ("dcri", "director"), ("aigclab", "member"),
        ("motion3d", "member"), ("csgame", "member"), ("xaculture", "member"),
        ("sxmedia", "member"), ("bjfilm", "member"), ("dcassoc", "member"),
    ],
    "hz-dm-committee": [
        ("hzvoc", "chair"), ("zjdac", "vice_chair"), ("starlight", "executive_director"),
        ("brandlab", "director"), ("livewave", "director"), ("hzdmassoc", "member"),
        ("nbsec", "member"),
    ],
    "yiwu-design-alliance": [
        ("ywdesign", "chair"), ("yiwumart", "vice_chair"), ("ywmerch", "executive_director"),
        ("brandlab", "director"), ("qdprint", "member"), ("xmplatform", "member"),
    ],
}  # fmt: skip

# key, email, name, (org key, role) list, secretariat of community slugs, superuser
PEOPLE = [
    ("alice", "alice@demo.talentbridge.local", "Alice 王丽", [("ywdesign", "admin")], [], False),
    ("bob", "bob@demo.talentbridge.local", "Bob 陈博", [("yiwumart", "admin")], [], False),
    ("carol", "carol@demo.talentbridge.local", "Carol 李可", [("ywdesign", "student")], [], False),
    ("dave", "dave@demo.talentbridge.local", "Dave 赵东", [("ywedu", "officer")], [], False),
    ("erin", "erin@demo.talentbridge.local", "Erin 周怡", [("zjdac", "teacher")], ["aigc-national"], False),
    ("tina", "tina@demo.talentbridge.local", "Tina 孙婷 (teacher)", [("ywdesign", "teacher")], [], False),
    ("frank", "frank@demo.talentbridge.local", "Frank 钱峰 (mentor)", [("yiwumart", "staff")], [], False),
    ("grace", "grace@demo.talentbridge.local", "Grace 吴佳", [("hzvoc", "admin")], ["hz-dm-committee"], False),
    ("henry", "henry@demo.talentbridge.local", "Henry 郑浩", [("ywdesign", "student")], [], False),
    ("ivy", "ivy@demo.talentbridge.local", "Ivy 林悦", [("jhfilm", "admin")], [], False),
    ("admin", "admin@demo.talentbridge.local", "Operator 运维", [], [], True),
]  # fmt: skip

# A pending application so the secretariat has something to review.
PENDING_APPLICATIONS = [
    ("aigc-national", "ywdesign", "director",
     "我院以小商品市场真实项目为特色，希望加入共同体共享 AIGC 教学资源。 / We bring small-commodity market projects and want to share AIGC teaching resources."),
    ("aigc-national", "brandlab", "member", "Brand design studio, 40 designers, hosts interns every term."),
]  # fmt: skip
