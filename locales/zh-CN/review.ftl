bulk_confirm_admit = 将 { $count } 人录取，并发送通知
bulk_confirm_waitlist = 将 { $count } 人列入候补，并发送通知
bulk_confirm_reject = 将 { $count } 人标记为未录取，并发送通知
rv_confirm_title = 请确认批量处理
rv_confirm_explain = 确认之前不会更改任何报名，也不会发送任何邮件。
rv_confirm_capacity = 本期还剩 { $count } 个名额；超出名额的人不会被录取，结果中会说明。
rv_confirm_button = 确认
rv_confirm_back = 返回，不做更改
rv_scope = 处理范围
rv_scope_selected = 勾选的报名
rv_scope_page = 本页全部（{ $count }人）
rv_scope_matching = 全部符合筛选条件的 { $count } 人
rv_sort = 排序
rv_sort_submitted = 提交时间（先到在前）
rv_sort_-submitted = 提交时间（最新在前）
rv_sort_name = 姓名
rv_sort_-name = 姓名（倒序）
rv_sort_employer = 工作单位
rv_sort_-employer = 工作单位（倒序）
rv_sort_years = 从业年限（多到少）
rv_sort_-years = 从业年限（少到多）
rv_tier = 抽签档次
rv_tier_any = 全部档次
rv_tier_1 = 1（单位推荐）
rv_tier_2 = 2（其他）
rv_nominated = 单位推荐
rv_nominated_any = 全部
rv_nominated_yes = 有推荐
rv_nominated_no = 无推荐
rv_next = 下一页
rv_prev = 上一页
rv_first = 回到第一页
rv_showing = 共 { $total } 条符合条件，本页 { $count } 条
rv_submitted_at = 提交时间
rv_years = 年限
rv_nominated_mark = 推荐
rv_search_hint = 姓名或单位的开头、报名编号、手机尾号（4位）
rv_pages = 翻页

basis_short_certificate = 证书
basis_short_experience = 年限

review_tick_the_applications_first_then = 请先勾选要处理的报名，再点击按钮
review_tick_i_confirm_the_cancellation = 取消本期前，请勾选“我确认取消本期”

review_cohort_now = 本期状态已变为“{ $label }”。

decided_admitted = 已录取{ $n }人
decided_waitlisted = 已列入候补{ $n }人
decided_rejected = 已标记为未录取{ $n }人
decided_not_admitted_full = { $k }人因名额已满未录取（{ $list }）
decided_not_changed = { $k }人未处理：{ $message }（{ $list }）

## The review list's query, refused
msg-review_status_invalid = 未知的状态
msg-review_control_character = 搜索内容含有不可见的控制字符
msg-review_tier_invalid = 抽签档次只能是1（推荐）或2（其他）
msg-review_nominated_invalid = 是否推荐只能是yes或no
msg-review_sort_invalid = 排序方式只能是submitted、name、employer或years（前加“-”为倒序）
msg-review_limit_invalid = 每页条数须在1到200之间
