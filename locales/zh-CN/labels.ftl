## CohortStatus
cohort-status-draft = 草稿
cohort-status-open = 报名中
cohort-status-closed = 报名截止
cohort-status-approved = 名单已确定
cohort-status-running = 进行中
cohort-status-completed = 已结业
cohort-status-cancelled = 已取消

## ApplicationStatus
application-status-pending = 待审核
application-status-admitted = 已录取
application-status-waitlisted = 候补
application-status-rejected = 未录取
application-status-withdrawn = 已撤回
application-status-offered = 待确认名额
application-status-declined = 已放弃名额

## AttendanceStatus
attendance-present = 出勤
attendance-late = 迟到
attendance-absent = 缺勤
attendance-excused = 请假

## WeldingProcess
process-smaw = 焊条电弧焊
process-gmaw = 熔化极气体保护焊
process-gtaw = 钨极氩弧焊
process-fcaw = 药芯焊丝电弧焊
process-saw = 埋弧焊

## SkillLevel
level-apprentice = 学徒工
level-beginner = 初级工（五级）
level-intermediate = 中级工（四级）
level-advanced = 高级工（三级）
level-technician = 技师（二级）
level-senior-technician = 高级技师（一级）
level-principal = 特级技师
level-chief = 首席技师

## Trade
trade-welder = 焊工
trade-electrician = 电工
trade-fitter = 钳工
trade-lathe-operator = 车工
trade-plumber = 管道工
trade-mason = 砌筑工

## SessionKind
session-kind-theory = 理论
session-kind-practical = 实操
session-kind-assessment = 考核

## Kinds of notice, as the outbox names them
mail_kind_application_received = 报名回执
mail_kind_decision = 审核结果
mail_kind_promoted = 候补递补
mail_kind_cohort_approved = 开班通知
mail_kind_announcement = 群发通知
mail_kind_session_added = 新增课程
mail_kind_session_changed = 课程调整或取消
mail_kind_session_reminder = 上课提醒
mail_kind_assessment_recorded = 考核成绩
mail_kind_certificate_issued = 结业证书
mail_kind_absence_warning = 缺勤提醒
mail_kind_draw_outcome = 抽签结果
mail_kind_offer_lapsed = 名额确认已过期
mail_kind_status_link = 报名状态链接
mail_kind_password_reset = 重设密码

## States of a notice in the outbox
mail_status_queued = 排队中
mail_status_sending = 发送中
mail_status_sent = 已发送
mail_status_failed = 发送失败
