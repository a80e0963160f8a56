## Column headers and sheet names of the exports
export_reference = 报名编号
export_name = 姓名
export_national_id = 身份证号
export_mobile = 手机
export_email = 邮箱
export_employer = 工作单位
export_trade = 工种
export_started_on = 从业开始日期
export_years_at_deadline = 截止时从业年限
export_certificate_trade = 证书工种
export_certificate_level = 证书等级
export_certificate_number = 证书编号
export_certificate_issued = 发证日期
export_processes = 焊接工艺
export_basis = 资格依据
export_status = 状态
export_waitlist = 候补序号
export_decision_note = 给申请人的留言
export_internal_note = 内部备注
export_submitted_at = 提交时间
export_applications_title = 报名名单
export_no = 序号
export_mentor = 导师
export_contacts_title = 学员通讯录

export_flagged = 预警
export_completed = 结业
export_certificate = 证书编号
export_not_assessed = 未考核
export_assessments = 考核成绩

export_yes = 是
export_answer_no = 否
export_pass = 合格
export_fail = 不合格
export_status_with_note = { $status }（{ $note }）
export_criterion_with_max = { $name }（{ $max }）
