"""The one catalogue of problem codes.

Each code is stable (tests and staff refer to it), has a severity, a Chinese title and a Chinese
description. The staff guide's page of codes is generated from this table, and a test fails when code
anywhere uses a code that is not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.findings import Finding, Severity


@dataclass(frozen=True)
class Code:
    severity: Severity
    title: str
    description: str
    group: str


_E: Severity = "error"
_W: Severity = "warning"

CODES: dict[str, Code] = {
    # 文件与编码
    "file-unexpected": Code(_E, "文件位置或扩展名不对",
                            "data/ 下只放数据规范列出的文件，扩展名必须是 .yaml（月报、项目等）或 .md（通报前言）。"
                            "请按规范的目录结构放置，或删除多余文件。", "文件"),
    "file-unreadable": Code(_E, "文件无法读取",
                            "这个路径是目录、失效的链接或没有读取权限。请确认提交的是一个普通文本文件。", "文件"),
    "file-too-large": Code(_E, "文件过大",
                           "单个数据文件不能超过 config.max_file_bytes（默认 1 MiB）。正常的月报只有几千字节，"
                           "请检查是否误粘贴了大量内容。", "文件"),
    "file-name-mismatch": Code(_E, "文件名与内容不一致",
                               "文件名必须与内容一致：项目文件名是项目编号，月报放在“月份/项目编号.yaml”，"
                               "季度报告放在“期次/单位编号.yaml”，调度记录文件名是“日期-序号.yaml”。", "文件"),
    "yaml-empty": Code(_E, "文件为空", "文件里没有数据。请填写内容或删除文件。", "文件"),
    "yaml-bom": Code(_E, "文件带 BOM", "文件开头有 BOM 标记。请另存为“UTF-8（无 BOM）”编码。", "文件"),
    "yaml-binary": Code(_E, "不是文本文件", "文件含有二进制内容（如 Word、Excel 或图片）。请提交 .yaml 文本文件。",
                        "文件"),
    "yaml-encoding": Code(_E, "不是 UTF-8 编码",
                          "数据文件必须用 UTF-8 编码。记事本、WPS 有时默认保存为 GBK，请选择 UTF-8 另存。", "文件"),
    # YAML 写法
    "yaml-syntax": Code(_E, "YAML 格式错误",
                        "文件不符合 YAML 写法。常见原因：缩进不齐、冒号后缺空格、引号没有配对、列表项前缺“- ”。",
                        "YAML 写法"),
    "yaml-fullwidth-colon": Code(_E, "用了全角冒号",
                                 "字段名后必须是英文半角冒号“:”加一个空格，不能用中文全角冒号“：”。", "YAML 写法"),
    "yaml-fullwidth-space": Code(_E, "用了全角空格缩进", "缩进只能用英文半角空格，不能用中文全角空格。", "YAML 写法"),
    "yaml-tab-indent": Code(_E, "用了 Tab 缩进", "YAML 只能用空格缩进，不能用 Tab 制表符。", "YAML 写法"),
    "yaml-duplicate-key": Code(_E, "字段重复", "同一层里同一个字段写了两次，后一次会悄悄覆盖前一次，因此不允许。",
                               "YAML 写法"),
    "yaml-ambiguous-bool": Code(_E, "是/否写法不明确",
                                "yes、no、on、off、Y、N 等在不同软件里含义不同。是/否请写 true 或 false；文字请加引号。",
                                "YAML 写法"),
    "yaml-anchor": Code(_E, "不允许锚点", "不允许使用锚点“&名称”。需要重复的内容请直接写出来。", "YAML 写法"),
    "yaml-alias": Code(_E, "不允许别名", "不允许使用别名“*名称”。需要重复的内容请直接写出来。", "YAML 写法"),
    "yaml-merge-key": Code(_E, "不允许合并键", "不允许使用“<<”合并键。请把字段直接写出来。", "YAML 写法"),
    "yaml-tag": Code(_E, "不允许类型标签", "不允许使用“!!”或“!”开头的类型标签。请直接写值，文字可加引号。", "YAML 写法"),
    "yaml-key": Code(_E, "字段名不合规", "字段名必须是简单文字，不能是列表或嵌套内容。", "YAML 写法"),
    "yaml-multi-document": Code(_E, "一个文件里有多份数据", "一个文件只能有一份数据，不要用“---”分成多份。",
                                "YAML 写法"),
    "yaml-too-deep": Code(_E, "嵌套太深", "数据嵌套层数远超规范，多半是缩进错误。", "YAML 写法"),
    "text-control-char": Code(_E, "含有控制字符",
                              "文字里有不可见的控制字符或文字方向控制符，常见于从网页、Word 复制的内容。请删除。",
                              "YAML 写法"),
    "number-not-finite": Code(_E, "数字无效", "不允许 .inf、.nan 或超大数字。请填写具体数值。", "YAML 写法"),
    # 字段（按数据规范）
    "field-missing": Code(_E, "缺少必填字段", "数据规范要求的字段没有填写。", "字段"),
    "field-unknown": Code(_E, "未知字段", "数据规范里没有这个字段，多半是拼写错误。请对照规范改正或删除。", "字段"),
    "type-mismatch": Code(_E, "类型不对", "值的类型与规范不符，例如应填数字却填了文字，或应填列表却填了单个值。",
                          "字段"),
    "value-not-allowed": Code(_E, "取值不在可选范围", "这个字段只能从规定的几个值中选一个。", "字段"),
    "id-invalid": Code(_E, "编号不合规", "编号只能用小写英文字母、数字和连字符“-”，2 到 64 个字符，以字母或数字开头。",
                       "字段"),
    "date-invalid": Code(_E, "日期不合规", "日期必须写成 YYYY-MM-DD（例如 2015-03-08），且必须是真实存在的日期。",
                         "字段"),
    "month-invalid": Code(_E, "月份不合规", "月份必须写成 YYYY-MM（例如 2015-03）。", "字段"),
    "number-out-of-range": Code(_E, "数值超出范围", "数值小于最小值或大于最大值，例如投资不能为负数、百分比不超过 100。",
                                "字段"),
    "money-precision": Code(_E, "金额小数位过多", "金额以万元为单位，最多保留两位小数。", "字段"),
    "text-too-long": Code(_E, "文字过长", "文字超过规定长度。请精简。", "字段"),
    "list-too-long": Code(_E, "列表过长", "列表项数超过规定上限。", "字段"),
    "text-empty": Code(_E, "文字为空", "这个字段不能是空文字。", "字段"),
    "schema-invalid": Code(_E, "不符合数据规范", "内容不符合数据规范的其他要求，请对照规范检查。", "字段"),
    # 引用与编号
    "ref-unresolved": Code(_E, "引用对象不存在",
                           "填写的县市、单位、领导职务或项目编号在 data/org/ 或 data/projects/ 里找不到。"
                           "请填写编号（不是名称），并确认拼写。", "引用"),
    "id-duplicate": Code(_E, "编号重复", "同一类对象的编号必须唯一。", "引用"),
    "continues-invalid": Code(_E, "接续的上年度项目不对",
                              "continues 只能填上一年度的项目编号，而且上年度的一个项目只能由本年度的一个项目接续。", "引用"),
    "unit-kind-wrong": Code(_E, "单位类型不符",
                            "这项工作只能由特定类型的单位完成：核实由稽察办、销号由督查室/稽察办/重点项目办、"
                            "收件登记由稽察办、现场调研由项目的责任单位/协办单位/所在县市政府。", "引用"),
    "post-holders-overlap": Code(_E, "任职时间重叠", "同一职务的前后任职时间不能重叠；前任离任日期必须早于后任到任日期。",
                                 "引用"),
    # 项目
    "category-rule": Code(_E, "不符合项目类别规则",
                          "在建项目须在纳入督查前已开工；新开工项目的计划开工日期须在督查年度内。", "项目"),
    "date-order": Code(_E, "日期先后顺序不对", "前后相关的日期顺序颠倒，例如离任早于到任、核实早于报送、答复早于上报。",
                       "项目"),
    "dispatch-field-kind": Code(_E, "调度记录的内容与类型不符",
                                "只有督促记录（kind: urging）可以用 covers 覆盖一段日期；只有督查记录（kind: inspection）"
                                "可以填写 findings（督查发现）。请改正 kind，或删除不属于这类记录的字段。", "项目"),
    "five-ones-missing": Code(_E, "缺少“五个一”的一项",
                              "每个项目都要有“五个一”：一个责任领导、一个责任单位、一个工作班子（team）、一个推进行动方案和"
                              "一个倒排工期计划（annual.milestones，至少一个节点）。", "项目"),
    "plan-exceeds-total": Code(_W, "年度计划超过总投资",
                               "一年的计划投资不会超过项目的总投资。多半是总投资按亿元填写了（1 亿元 = 10000 万元）。", "项目"),
    "calendar-year-missing": Code(_E, "缺少节假日安排",
                                  "计算工作日需要当年的法定节假日和调休安排。系统自带 2004—2026 年；其他年份请在 "
                                  "data/config.yaml 的 calendar 中按国务院办公厅公布的安排补充。", "项目"),
    "config-invalid": Code(_E, "配置项不能使用",
                           "data/config.yaml 里的值不能按其用途使用：示例数据（demo: true）没写 as_of 日期、时区名称不存在、"
                           "“04-31”这样不存在的日期、首个月报月份不在督查年度内、黄色预警界限大于红色等。"
                           "有错误的配置整份不用（按默认值计算），请按说明改正。", "项目"),
    # 月报
    "report-not-owed": Code(_E, "这个月不应报送月报",
                            "月报只在项目处于督查名单内、且月份不早于 first_report_period 的月份报送。"
                            "请检查月份文件夹是否放错。", "月报"),
    "report-submitted-early": Code(_E, "报送日期早于所报月份", "月报的报送日期不能早于所报月份的第一天。", "月报"),
    "date-after-submission": Code(_E, "日期晚于报送日期",
                                  "月报里记录的事情（现场调研、问题上报、答复等）不能晚于这份月报的报送日期。"
                                  "核实、更正、销号日期和承诺期限除外。", "月报"),
    "report-month-exceeds-ytd": Code(_E, "本月投资大于本年累计", "本月完成投资不能大于本年累计完成投资。", "月报"),
    "report-ytd-decreased": Code(_E, "本年累计比上月减少",
                                 "本年累计完成投资（及资金到位）不能低于上月（上月经核减的，以核减后为准）。"
                                 "如上月数字有误，请在上月月报中按更正程序修改。", "月报"),
    "report-ytd-sum": Code(_W, "累计数与本月数对不上",
                           "本年累计 − 上月累计 − 本月完成 的差超过 0.5 万元。请核对三个数字。", "月报"),
    "report-ytd-equals-month": Code(_E, "本年累计误填为本月数",
                                    "本年累计完成投资是 1 月至本月的合计。之前月份已有投资时，本年累计不会等于本月完成数；"
                                    "请填写上月累计加本月完成的合计。", "月报"),
    "money-unit-suspect": Code(_W, "金额单位可能填错",
                               "金额单位是万元。某个数字与本项目其他数字相差几千倍以上，多半是按亿元或元填写了："
                               "1.2 亿元应写成 12000，12000000 元应写成 1200。", "月报"),
    "event-backdated": Code(_E, "补录的事项没有说明",
                            "答复、销号或现场调研的日期早于第一次记录它的月报所属的月份：以前发生的事应记在当时的月报里。"
                            "确需补录时，在这一项下写 late_entry（补录说明）。", "月报"),
    "event-recorded-late": Code(_W, "补录以前的事项",
                                "答复、销号或现场调研的日期早于记录它的月报所属的月份，已写明补录说明。审核人请确认。", "月报"),
    "event-contradicts-verified": Code(_E, "与已核实的月报矛盾",
                                       "这个答复或销号的日期早于一份已核实月报的报送日期，那份月报却记为未答复或未销号。"
                                       "请先按更正程序更正那份月报。", "月报"),
    "ytd-exceeds-total": Code(_W, "本年累计超过总投资",
                              "本年累计完成投资不会超过项目的总投资。多半是按元填写了（万元 = 元 ÷ 10000），或总投资有误。", "月报"),
    "funds-exceed-investment": Code(_W, "资金到位远超投资",
                                    "本年资金到位是完成投资和年度计划的十倍以上，多半是按元填写了，或填成了总投资。", "月报"),
    "problem-dropped": Code(_E, "未销号的问题消失了",
                            "上月未销号的问题必须在之后每个月的月报里继续列出（编号不变），直到销号。", "月报"),
    "problem-history-changed": Code(_E, "问题的上报或答复记录被改动",
                                    "问题一旦上报（escalated_to、escalated_on）或得到答复（answer），这些记录在后续月报中不能改动。",
                                    "月报"),
    "problem-escalation-incomplete": Code(_E, "答复缺少上报记录",
                                          "上报问题必须同时填写 escalated_to（上报对象）和 escalated_on（上报日期）；"
                                          "有答复的问题必须先有上报。", "月报"),
    # 变更审核（拉取请求里与上一版本比较：validate --base）
    "change-verified-uncorrected": Code(_E, "已核实的月报被修改却没有更正记录",
                                        "稽察办核实（verified）之后，月报的每一处修改都要在 corrections 中登记一项："
                                        "修改日期、单位、字段（如 /investment/month）、原来的值、新的值和原因。", "变更审核"),
    "change-correction-mismatch": Code(_E, "更正记录与实际修改不一致",
                                       "更正记录的 field、from、to 必须与这次实际修改的字段、修改前和修改后的值一致。"
                                       "请对照检查结果改正更正记录。", "变更审核"),
    "change-project-removed": Code(_E, "删除了项目文件",
                                   "项目不能从数据中删除。项目中期退出时，请在项目文件中填写 exited（退出日期和原因），"
                                   "之后的月份不再需要报送月报。", "变更审核"),
    "change-report-removed": Code(_E, "删除了已报送的月报",
                                  "已报送的月报是督查记录，不能删除。内容有误请直接修改；已核实的月报修改时要登记更正记录。",
                                  "变更审核"),
    "change-problem-history": Code(_E, "改动了已提交的问题记录",
                                   "已提交月报中的问题不能删除，它的上报（escalated_to、escalated_on）、答复（answer）"
                                   "和销号（closed）记录一经提交不能改动。", "变更审核"),
    "change-exit-removed": Code(_E, "删除了项目的退出记录",
                                "项目中期退出的记录（exited）一经登记不能删除，否则项目会被当作仍在督查、"
                                "重新欠报月报。如项目重新纳入，请由重点项目办另行登记。", "变更审核"),
    "change-exit-moved": Code(_W, "改动了项目的退出日期",
                              "退出日期决定此后是否还要报送月报和开展调研，改动它会改变已经判定的逾期事项。"
                              "审核人请确认修改的依据。", "变更审核"),
    "change-correction-removed": Code(_E, "删除或改写了已有的更正记录",
                                      "更正记录一经登记就是历史记录，不能删除或改写。登记有误时，请另登记一条更正。",
                                      "变更审核"),
    "change-submitted-on": Code(_E, "改动了已提交月报的报送日期",
                                "报送日期决定月报是否逾期。已提交的月报（无论是否已核实）改动报送日期，须在 corrections "
                                "中登记一条更正（field: /submitted_on）。", "变更审核"),
    "change-office-record": Code(_W, "改动了办公室填写的记录",
                                 "收件登记（received）、核实（verified）和销号（closed）由稽察办、督查室或重点项目办填写。"
                                 "这类修改须经稽察办审核同意后合并，审核人请确认。", "变更审核"),
    "change-earlier-month": Code(_W, "修改了以前月份的数字",
                                 "这次修改改动了不是最新一期的月报中的投资、资金或进度数字。这是允许的，"
                                 "但审核人应确认修改的原因。", "变更审核"),
    "report-backdated": Code(_E, "月报报送日期早于提交日期",
                             "新增月报的报送日期（submitted_on）最多只能比提交到系统（创建拉取请求）的日期早一天。"
                             "通过电子邮件或纸质报送、晚些才录入系统的月报，由稽察办填写收件登记 received。", "变更审核"),
    # 表格导入（import projects / import reports：Excel、WPS、Word 表格）
    "sheet-unreadable": Code(_E, "表格文件无法读取",
                             "文件不是 Excel、WPS 或 Word 表格（.xlsx、.xls、.ods、.docx、.doc），或者已经损坏。"
                             "常见原因：从其他系统导出的“.xls”其实是网页或文本。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入；"
                             "读取 .doc 需要 LibreOffice，消息里写明了安装命令。", "表格导入"),
    "sheet-encrypted": Code(_E, "表格设有密码",
                            "设有打开密码的文件无法读取。请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿 → "
                            "用密码进行加密，清空密码）后另存，再导入。只保护工作表（不能修改）的不影响导入。", "表格导入"),
    "sheet-too-large": Code(_E, "表格文件过大",
                            "表格文件超过 config.max_workbook_bytes（默认 10 MiB），或解压后、单元格数目大得不像一张报表。"
                            "请删除图片和无关的工作表后另存，再导入。", "表格导入"),
    "sheet-formula-uncached": Code(_E, "公式没有计算结果",
                                   "单元格里是公式，文件却没有保存公式的计算结果（由程序生成、从未在 Excel 或 WPS 中打开保存的文件"
                                   "常常如此），读不到数值。请在 Excel 或 WPS 中打开、保存后再导入，或把公式改成数值。", "表格导入"),
    "sheet-header-missing": Code(_E, "找不到表头或必需的列",
                                 "没有找到能识别的表头行，或者缺少必需的列（如项目名称），或无法确定项目类别。"
                                 "表头的写法见工作人员指南“用 Excel 报送”页的列名对照表。", "表格导入"),
    "sheet-column-unknown": Code(_W, "未识别的列",
                                 "这一列的表头不在列名对照表里，导入时没有读取。若这一列有要导入的内容，"
                                 "请按工作人员指南“用 Excel 报送”页的列名对照表改写表头。", "表格导入"),
    "sheet-cell-invalid": Code(_E, "单元格内容无法读取",
                               "单元格的内容不符合这一列的要求，例如金额列填了文字、日期列填了不是日期的内容、"
                               "人员没有按“姓名（职务）”填写。请按消息中的说明修改这个单元格。", "表格导入"),
    "sheet-name-unknown": Code(_E, "名称对应不到编号",
                               "表格中的单位、县市、州领导职务或项目名称在 data/org/ 或 data/projects/ 里找不到，"
                               "或同时对应了几个。消息里列出了最接近的名称；请改用其中之一，新的单位请先登记到 data/org/。",
                               "表格导入"),
    "sheet-person-not-post": Code(_E, "领导姓名对应不到职务",
                                  "州责任领导一栏要填职务（领导变动时由接任者自行替补）。填写姓名时，按表格日期的任职情况换算成职务；"
                                  "这个人在那一天没有担任（或同时担任几个）职务时不能换算。请改填职务名称。", "表格导入"),
    "sheet-row-duplicate": Code(_E, "同一项目出现了两次", "同一个项目在表格里出现了两行。请删除或合并重复的行。",
                                "表格导入"),
    "sheet-file-exists": Code(_E, "文件已经存在",
                              "表格里的项目或月报在 data/ 里已经有文件，内容与表格不同。不加 --update 时不会改动已有的文件；"
                              "确需按表格更新时加 --update，并核对列出的逐项修改（已核实的月报还须登记更正记录）。", "表格导入"),
    "sheet-period-mismatch": Code(_E, "表格月份与导入月份不一致",
                                  "月度报表模板的“填报说明”页写明了报表月份，与命令中的 --period 不一致。"
                                  "请确认导入的是这个月份的报表。", "表格导入"),
}


def finding(code: str, path: str, line: int, message: str, pointer: str = "") -> Finding:
    """Make a Finding with the catalogue's severity. Stages make theirs through their `Emitter`."""
    entry = CODES[code]
    return Finding(path=one_line(path), line=max(int(line), 1), code=code, message=one_line(message),
                   pointer=pointer, severity=entry.severity)


def one_line(text: str) -> str:
    """A problem is one line of output: a line break from data (a value quoted in the message, a file name)
    could otherwise start a forged line, such as a GitHub workflow command ("::error ...")."""
    return text.replace("\r", "\\r").replace("\n", "\\n") if "\n" in text or "\r" in text else text


@dataclass(frozen=True)
class Emitter:
    """A stage or rule that reports findings, with the codes it declares: the catalogue's other half.
    Emitting an undeclared code is a bug and fails at once; a test proves every catalogued code has an
    emitter (yamllint's rule ids, frictionless' declared errors)."""

    name: str
    codes: tuple[str, ...]

    def __call__(self, code: str, path: str, line: int, message: str, pointer: str = "") -> Finding:
        if code not in self.codes:
            raise AssertionError(f"{self.name} emitted {code}, which it does not declare")
        return finding(code, path, line, message, pointer)


EMITTERS: dict[str, Emitter] = {}


def emitter(name: str, codes: tuple[str, ...]) -> Emitter:
    """Declare (once, at import) what a stage or rule may report."""
    unknown = [c for c in codes if c not in CODES]
    if unknown or name in EMITTERS:
        raise ValueError(f"emitter {name}: unknown codes {unknown} or declared twice")
    EMITTERS[name] = Emitter(name, codes)
    return EMITTERS[name]
