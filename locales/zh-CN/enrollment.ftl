recover_title = 找回报名查询链接
recover_explain = 填写报名时用的身份证号和手机号，我们会把每一条报名的查询链接重新发到您报名时填写的邮箱。
recover_phone_hint = 报名时填写的11位手机号
recover_button = 发送查询链接
recover_sent_title = 请查收邮件
recover_sent_text = 如果身份证号和手机号与报名记录一致，查询链接已经发到报名时填写的邮箱，几分钟内就能收到。
recover_sent_hint = 没有收到？请看看垃圾邮件箱，或联系主办方。
recover_link = 找不到查询链接？用身份证号和手机号找回
copy_link = 复制链接
copied = 已复制
link_also_mailed = 这个链接也已发到您的邮箱，以后打开邮件里的链接就能直接查看。
internal_note = 内部备注（仅工作人员可见）
internal_note_hint = 选填。只记入审核记录给同事看，不会发给申请人。
internal_note_short = 内部备注
verify_not_found = 找不到这个核验码的证书。请逐位核对证书上的12位核验码：数字0和字母O、数字1和字母I容易看错。
verify_link = 核验结业证书
outbox_link = 通知发件箱
export_applications = 导出报名名单

## Punctuation that differs between the languages.
colon = ：
full_stop = 。
paren_open = （
paren_close = ）
beijing_time = （北京时间）
error_prefix = 错误：
error_title_prefix = 有误 ·{" "}
error_summary_title = 请修改以下问题
optional = 选填
choose = 请选择

## Cohorts, public.
places_left = 剩余名额
opens_at = 报名开始于
full_hint = 名额目前已录满。仍可报名，主办方可能将您列入候补名单。
not_open_explain = 本期现在不接受报名（已截止或暂停）。
not_open_yet = 本期报名尚未开始，开始时间：
see_open_cohorts = 看看其他正在报名的研修班
back_to_cohort = 返回本期介绍
key_facts = 基本信息
application_window = 报名时间
dates = 培训日期
trade = 工种
rules_note = 符合任意一项即可报名。提交后系统立即按此条件审核，并告诉您结果和原因。
schedule = 时间安排
schedule_open = 开始报名
schedule_close = 报名截止
schedule_start = 开班
schedule_end = 结业
schedule_note = 每次课的具体时间和导师安排，会在录取名单确定后通过电子邮件通知学员。
completion_title = 结业要求
completion_attendance = 出勤率不低于
completion_and_pass = ，并通过结业考核。
max_points = 满分
pass_mark = 及格分

## The application form.
apply_title = 报名
apply_intro = 请如实填写。带“选填”的可以不填，其余都要填写。
apply_about_you = 1. 个人信息
full_name = 姓名
full_name_hint = 与身份证上的姓名一致
national_id = 身份证号
national_id_hint = 18位，末位可能是X
phone = 手机号
phone_hint = 11位手机号，用于联系您
email_hint = 报名结果和开班通知会发到这个邮箱
employer = 工作单位
employer_hint = 填写单位全称
apply_trade_section = 2. 工种和从业时间
started_trade_on = 开始从事本工种的日期
started_trade_on_hint = 没有证书的，按这个日期计算工作年限（算到报名截止那天）。记不清具体哪天，可以填当月1日。
apply_certificate_section = 3. 职业技能证书
safety_licence_title = 特种作业操作证不是技能等级证书
safety_licence_text = 焊工持有的《特种作业操作证》（焊接与热切割作业）是安全作业许可，不是职业技能等级证书，请不要填在这里。这里只填《职业资格证书》或《职业技能等级证书》。
has_certificate = 您是否持有本工种的职业技能证书？
has_certificate_hint = 《职业资格证书》或《职业技能等级证书》都可以。有多本的，填等级最高的一本。
yes_have_certificate = 有，填写下面的证书信息
no_certificate = 没有
certificate_trade = 证书工种
certificate_level = 证书等级
certificate_level_hint = 证书上印的等级：五级（初级工）到一级（高级技师），以及特级技师、首席技师
certificate_number = 证书编号
certificate_issued_on = 发证日期
processes_section = 4. 焊接方法
processes = 您会哪些焊接方法？
processes_hint = 可多选，用于安排导师
notice_language_section = 5. 通知语言
notice_language = 报名结果和通知用哪种语言发给您？
consent_section = 6. 个人信息使用说明
consent_use = 您填写的姓名、身份证号、手机号、电子邮箱、工作单位和证书信息，仅由主办方用于本期研修班的报名审核、录取通知、培训组织和结业证书核验。
consent_protect = 身份证号加密保存；在名单、导出文件和通知中，身份证号和手机号都只显示部分数字。查看完整身份证号的每一次操作都会被记录。
consent_keep = 本期结束后，这些个人信息会在规定期限后删除。
consent_label = 我已阅读以上说明，同意主办方按此使用我的个人信息
submit_application = 提交报名

## Refusals.
why_not_eligible = 原因
each_alternative_checked = 我们逐项核对了本期的报名条件：
the_rules_are = 本期的报名条件
ineligible_nothing_stored = 您的报名没有被保存，也不会进入审核。
ineligible_fix = 填错了？修改后重新提交
duplicate_explain = 同一身份证号在每一期只能报名一次。报名时的邮件里有查询链接；找不到的话，可以用身份证号和手机号找回。

## The applicant's status.
submitted_title = 报名已提交
verdict_eligible = 您符合报名条件：
your_reference = 您的报名编号
save_link_title = 请保存此链接
save_link_explain = 查看进度和撤回报名都要用到下面这个链接，请复制保存。
access_code = 查询码
access_code_hint = 报名成功页面和邮件里的查询码，即链接中 token= 后面的部分
status_title = 报名进度
status = 状态
waitlist_position = 候补位次
organizer_note = 主办方备注
reference = 报名编号
reference_hint = 例如 GJ-2026-000123
workshop = 研修班
eligibility_basis = 符合条件的依据
submitted_at = 提交时间
withdrawn_at = 撤回时间
cohort_status = 本期状态
about_cohort = 查看本期介绍
calendar_title = 课程日历
outbox = 通知发件箱
unsubscribe_title = 退订群发通知
unsubscribe_explain = 退订后，主办方给本期学员群发的通知不再发给您；报名结果、开班和课程调整的通知照常发送。
unsubscribe_button = 确认退订
unsubscribe_done = 已退订：本期的群发通知不再发给您。报名和课程的通知照常发送。
calendar_subscribe = 订阅到手机日历
calendar_hint = 订阅后，排课、调课、取消都会自动出现在手机日历里。打不开时，把这个地址添加到日历应用的“订阅日历”：
lookup_explain = 输入报名编号和查询码，查看报名进度。
look_up = 查询
withdraw_title = 撤回报名
withdraw_explain = 开班前可以撤回。撤回后不能恢复，也不能再次报名本期。
withdraw_button = 撤回报名…
withdraw_confirm_title = 确定要撤回报名吗？
withdraw_consequence = 撤回后不能恢复，也不能再次报名本期。
withdraw_admitted_consequence = 您已被录取：撤回后，您的名额会让给候补名单上的下一位。
withdraw_confirm_button = 确定撤回
keep_application = 不撤回，返回
withdraw_not_possible = 这份报名现在不能撤回。
back_to_status = 返回报名进度

## Staff: dashboard.
workshops = 研修班
new_workshop = 新建研修班
edit_workshop = 编辑研修班
new_cohort = 开设新一期
edit_cohort = 编辑本期
no_cohorts_yet = 还没有开设任何一期。
no_workshops_yet = 还没有研修班。点击“新建研修班”开始。
cohort = 期
count_pending = 待审核
count_admitted = 已录取
count_waitlisted = 候补
count_rejected = 未录取
count_withdrawn = 已撤回
actions = 操作
review = 审核
edit = 编辑
public_page = 公开页面
mentor_area = 我的学员
mentor_area_placeholder = 导师的学员、考勤和考核页面即将开放。
back_to_dashboard = 返回工作台
back_to_review = 返回审核页面

## Staff: review.
review_applications = 审核报名
cohort_lifecycle = 本期进度
lifecycle_hint = 只显示当前可以进行的操作。确定录取名单后，名单不能再改，并会向录取学员发送开班通知。
cancel_explain = 取消后本期不能恢复。
cancel_confirm = 我确认取消本期
applications = 报名名单
all_statuses = 全部
search = 搜索
search_hint = 姓名、单位或报名编号
filter = 筛选
no_applications = 没有符合条件的报名。
decision_note = 给申请人的留言
decision_note_hint = 选填。申请人会在通知邮件和报名进度页面上看到。
admit_selected = 录取所选
waitlist_selected = 所选列入候补
reject_selected = 所选不录取
roster_final = 本期名单已确定，不能再审核。
select = 选择
waitlist_short = 候补位次
basis_label = 符合依据
admit = 录取
waitlist = 候补
reject = 不录取
reveal_id = 查看完整号码
reveal_recorded = 完整身份证号仅显示这一次，本次查看已记录在审核日志中。

## Staff: workshop and cohort forms.
workshop_title = 研修班名称
workshop_title_hint = 例如：绍兴工匠高级研修班（焊工方向）
description = 简介
description_hint = 选填。会显示在本期介绍页面上。
rules_mode = 申请人需要满足
rules_either = 证书等级或工作年限，满足其一即可
rules_certificate_only = 只看证书等级
rules_experience_only = 只看工作年限
rules_keep = 保留现有条件
rule_certificate = 证书要求
rule_experience = 年限要求
min_level = 最低证书等级
min_level_hint = 选中的等级及以上都符合
min_years = 最少工作年限
min_years_hint = 按整年计算，算到报名截止那天
rubric = 考核评分标准
rubric_criteria = 评分项目
rubric_hint = 每行一个评分项目，空行不计。代码可留空，系统自动生成。
criterion_name = 项目名称
criterion_key = 代码（选填）
pass_mark_hint = 总分达到此分数即为考核通过
completion_percent = 结业所需出勤率（%）
completion_percent_hint = 0到100，通常为80
create_workshop = 创建研修班
save = 保存修改
cohort_name = 期名
cohort_name_hint = 例如：第一期、2026年秋季班
capacity_hint = 最多录取多少人
window_hint = 按北京时间填写
opens_at_label = 开始报名时间
closes_at_label = 报名截止时间
ends = 结业日期
venue_hint = 培训地点的名称和地址
create_cohort = 创建本期（草稿）
msg-rules_no_alternative = 本期未设置报名条件，暂不能报名
msg-rules_no_alternative-2 = 报名条件至少要有一项
msg-rules_too_many_alternatives = 报名条件最多{ $max_alternatives }项
msg-rules_empty_alternative = 第{ $n }项报名条件是空的
msg-rules_too_many_conditions = 第{ $n }项报名条件最多含{ $max_conditions }个要求
msg-rules_level_invalid = 第{ $n }项报名条件的证书等级应为1至5级、特级技师或首席技师
msg-rules_years_invalid = 第{ $n }项报名条件的工作年限应为0至{ $max_years }年
msg-phone_invalid = 请填写11位中国大陆手机号码，如13912345678
msg-email_invalid = 请填写有效的电子邮箱地址，如 name@example.com
msg-name_length = 姓名应为2至40个字
msg-name_invalid = 姓名应与身份证一致，不能只有数字或符号
msg-employer_length = 工作单位名称应为2至80个字
msg-employer_invalid = 请填写工作单位全称，不能只有数字或符号
msg-id_length = 身份证号码应为18位，末位可能是X
msg-id_format = 身份证号码应为17位数字加1位数字或X，请检查是否输错
msg-id_birth_date = 身份证号码中的出生日期（第7至14位）不是有效日期，请检查
msg-id_check_digit = 身份证号码校验位不符，请逐位核对
msg-date_in_future = 日期{ $d }晚于今天（{ $today }），请检查
msg-level_invalid = 证书等级应为证书上印的1至5级，或特级技师、首席技师
msg-process_invalid = 焊接工艺应为 SMAW、GMAW、GTAW、FCAW 或 SAW 之一
msg-trade_invalid = 工种应为小写英文单词，如 welder（焊工）
msg-date_invalid = 日期格式应为 年-月-日，例如 2016-03-01
msg-locale_invalid = 语言须为 zh 或 en
msg-consent_required = 请阅读并同意个人信息的使用说明后再提交
msg-started_before_birth = 从业开始日期早于出生日期，请检查
msg-started_trade_on_required = 请填写开始从事本工种的日期（没有证书时按从业年限审核）
msg-certificate_number_invalid = 证书编号不能超过40个字符
msg-cohort_not_open = 本期现在不接受报名（未开放或已截止）
msg-duplicate = 该身份证号已报名本期，无需重复报名
msg-cohort_full = 本期名额（{ $capacity }人）已满，可将其列入候补
msg-note_too_long = 备注不能超过1000字
msg-changed_concurrently = 该报名刚被他人处理，请刷新后重试
msg-changed_concurrently-2 = 报名状态刚刚发生变化，请刷新后重试
msg-id_unavailable = 该身份证号已清除或无法解密
msg-seats_invalid = 推荐名额数应为1至{ $max_seats }
msg-status_invalid-2 = 未知的状态
msg-too_many = 一次最多处理1000条
msg-certificate_question_unanswered = 请选择您是否持有职业技能证书
msg-csrf_failed-2 = 页面已过期，请检查填写的内容后重新提交
msg-number_invalid = 请填写一个不小于0的整数，例如 30
msg-required-3 = 请填写此项
msg-date_invalid-2 = 请选择日期（年-月-日）
msg-datetime_invalid = 请选择日期和时间（北京时间）

## Eligibility reasons with names put in
msg-certificate_missing = 未填写{ $trade }职业技能证书（需{ $need }及以上）
msg-certificate_wrong_trade = 所持证书为{ $held }证书，需为{ $trade }证书
msg-certificate_level_too_low = 所持{ $trade }证书为{ $level }，需{ $need }及以上
msg-experience_wrong_trade = 所从事工种为{ $held }，工作年限只计{ $trade }工作
msg-experience_missing_start = 未填写开始从事{ $trade }工作的日期
msg-experience_too_short = 截至报名截止日{ $deadline }，从事{ $trade }工作满{ $have }年，需满{ $min_years }年
msg-nominations_closed = 本期状态为“{ $status }”，不能再发放推荐码

## Nomination codes
msg-nomination_code_invalid-unknown = 推荐码不正确，请核对单位发给您的推荐码；没有推荐码可以不填
msg-nomination_code_invalid-used = 该推荐码已被使用，每个推荐码只能用一次
msg-nomination_code_invalid-other-employer = 该推荐码属于其他单位，请确认“工作单位”与推荐单位的名称一致
msg-nomination_code_invalid-just-used = 该推荐码刚刚被使用，每个推荐码只能用一次
msg-cursor_invalid = 翻页位置无效，请回到第一页
msg-selection_changed = 符合条件的报名在确认期间发生了变化，请重新确认人数
msg-not_the_owner = 只有创建本研修班的主办方可以下载学员通讯录
msg-selection_required = 请给出要处理的报名（application_ids）或筛选条件（filter），二者选一
msg-expected_count_required = 按筛选条件批量处理前，请先预览（preview）并带上确认的人数（expected_count）

## What happens next, on the status page
status_next_pending = 您符合报名条件，主办方正在审核，结果会通过电子邮件通知您。
status_next_admitted = 恭喜，您已被录取。名单确定后，我们会把开班安排发到您的邮箱。
status_next_waitlisted_full = 名额已满，您在候补名单上。有人撤回时，按候补顺序依次递补，并通知您。
status_next_waitlisted = 您在候补名单上。主办方按候补顺序依次递补，有结果时通知您。
status_next_rejected = 很抱歉，您这次未被录取。
status_next_withdrawn = 您已撤回本次报名。
status_next_offered = 您获得了一个名额，请在确认期限前接受或放弃；逾期未确认，名额将顺延给下一位候补。
status_next_declined = 您已放弃（或逾期未确认）本期名额。

status_enter_both_the_reference_and = 请同时填写报名编号和查询码
status_no_application_matches_check_the = 找不到这条报名记录，请检查报名编号和查询码是否与报名时保存的一致
status_your_application_has_been_withdrawn = 您已撤回报名。

page_the_draw_ran_the_result = 抽签完成，结果已公开。
page_codes_issued = 推荐码已生成。

page_organizers_review = 主办方审核
page_a_public_draw_after_the = 报名截止后公开抽签
page_the_cohort_is_saved_as = 已创建本期（草稿）。检查无误后，点击“开放报名”。
page_the_cohort_is_saved = 已保存本期的修改。

page_the_workshop_is_saved_now = 研修班已创建。现在为它开设第一期。
page_the_workshop_is_saved = 已保存研修班的修改。

page_attendance_saved = 考勤已保存。

page_mentor_added = 已添加导师：
page_mentor_removed_participants_to_pair = 已移出导师；需重新分配的学员：
page_every_participant_already_has_a = 所有学员都已有导师。
page_participants_paired = 已分配导师的学员：

page_session_added = 已添加课次：
page_session_cancelled_and_participants_told = 已取消课次并通知学员：

page_the_certificate_is_revoked = 证书已撤销。

## Entry rules in words (the domain's conditions)
rules_none = （未设置报名条件）
rules_and = 且
rules_or = ，或
rule_words_certificate = 持{ $level }{ $or_higher ->
        [yes] 及以上
       *[no] {""}
    }{ $trade }证书
rule_words_experience = { $years ->
        [0] 从事{ $trade }工作
       *[other] 从事{ $trade }工作满{ $years }年
    }

## Why an application was refused, in a word
refusal_certificate_missing = 没有职业技能证书
refusal_certificate_wrong_trade = 证书不是本工种的
refusal_certificate_level_too_low = 证书等级不够
refusal_experience_wrong_trade = 从业工种不符
refusal_experience_missing_start = 没有填写从业起始日期
refusal_experience_too_short = 从业年限不够
refusal_other = 其他原因

## The grounds an applicant qualified on
basis_certificate = 持有符合要求的职业技能证书
basis_experience = 从业年限符合要求
basis_other = 符合条件
basis_and = ，且
