sel_title = 选拔方式
nomination_code = 单位推荐码（选填）
nomination_code_hint = 单位工会推荐您报名时会给您一个推荐码，例如 7K3M-9QX2-ADFT；推荐的报名抽签时优先。没有就不填。
sel_mode = 怎样决定名额
sel_mode_hint = 报名人数可能超过名额时，抽签对不能守着手机的一线职工更公平。开放报名后不能再改。
sel_quota = 每单位最多名额（选填）
sel_quota_hint = 不限请留空
sel_offer_hours = 确认期限（小时）
sel_offer_hours_hint = 获得名额的人须在此时间内接受，否则顺延给候补；默认48小时
sel_commitment = 抽签承诺值
sel_commitment_explain = 开放报名时系统已随机生成抽签种子，这里公布的是种子的 SHA-256 值。抽签后公布种子，任何人都可以核对两者一致，证明种子没有事后更换。
sel_see_draw = 查看抽签结果
draw_title = 抽签结果
draw_seed = 种子
draw_drawn_at = 抽签时间
draw_places = 名额
draw_quota = 每单位最多
draw_no_quota = 不限
draw_offered = 获得名额
draw_waitlisted = 候补
draw_rank = 名次
draw_reference = 报名编号
draw_tier = 档
draw_ticket = 签号
draw_outcome = 结果
draw_how_title = 如何自行验算
draw_how_1 = 1. 计算种子的 SHA-256，应与报名期间公布的承诺值相同。
draw_how_2 = 2. 每份报名的签号 = SHA-256(种子 + ":" + 报名编号)，以小写十六进制表示。
draw_how_3 = 3. 按档（1 = 单位推荐，2 = 其他）从小到大排序，同档按签号排序，得到名次。
draw_how_4 = 4. 按名次依次给名额，名额用完或该单位已达上限时跳过，其余人按名次进入候补。
draw_not_yet = 本期尚未抽签。
draw_run = 进行抽签
draw_run_explain = 抽签只能进行一次，且须在报名截止后进行。抽签后种子和结果立即公开，获得名额的申请人会收到邮件。
draw_download_csv = 下载结果 CSV
offer_title = 您获得了一个名额
offer_deadline = 请在此时间前确认
offer_accept = 接受名额
offer_decline = 放弃名额
offer_decline_hint = 放弃后名额会立即让给下一位候补，不能撤销。
offer_accepted = 您已接受名额。
offer_declined = 您已放弃名额。
your_draw = 您的抽签信息
tier_1 = 第1档（单位推荐）
tier_2 = 第2档
nominated_mark = 推荐
refused_title = 因不符合条件被拒的报名
refused_total = 被拒次数
offers_open_title = 待确认的名额
nominations_title = 单位推荐码
nominations_issued = 已发
nominations_used = 已用
nominations_print_hint = 请把每个单位的推荐码交给该单位工会，每个码只能用一次，且须由该单位职工使用。
msg-selection_mode_invalid = 选拔方式应为 review（审核）或 draw（抽签）
msg-employer_quota_invalid = 每单位名额应为1至{ $max_quota }的整数，不限则留空
msg-offer_hours_invalid = 确认期限应为1至{ $max_offer_hours }小时
msg-no_offer = 您目前没有待确认的名额
msg-offer_expired = 确认期限已过，名额已顺延给下一位候补
msg-selection_by_draw = 本期以公开抽签决定名额，抽签前不能逐个录取、候补或拒绝
msg-offers_outstanding = 还有{ $open }个名额等待申请人确认，确认或逾期后才能确定名单
msg-already_drawn = 本期已经抽过签，抽签只进行一次
msg-not_draw_mode = 本期的选拔方式是审核，不抽签
msg-changed_concurrently-6 = 抽签时有报名状态发生变化，请重试
msg-invalid_transition-draw = 报名截止（本期状态为“报名截止”）后才能抽签，现在是“{ $status }”

## The draw result as a file
draw_col_rank = 名次
draw_col_reference = 报名编号
draw_col_tier = 档
draw_col_ticket = 签号
draw_col_outcome = 结果
draw_outcome_offered = 获得名额
draw_outcome_waitlisted = 候补
draw_sheet_title = 抽签结果

## How places are given, in words for the public page
selection_words = { $mode ->
        [draw] 名额有限，报名截止后公开抽签（单位推荐者优先）
       *[review] 由主办方逐一审核录取
    }{ $quota ->
        [-1] {""}
       *[other] ；每单位最多{ $quota }人
    }；获得名额后须在{ $hours }小时内确认
