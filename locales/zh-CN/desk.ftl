## One application.
desk_app_title = 报名详情
desk_back_to_review = 返回报名审核
desk_facts = 申请人填写的信息
desk_trade = 工种
desk_no_certificate = 未填写证书
desk_started_on = 从业开始日期
desk_years_at_deadline = 截止报名时的整年数
desk_years_unit = { $years }年
desk_not_given = 未填写
desk_processes = 焊接工艺
desk_basis = 符合条件的依据
desk_submitted_at = 提交时间
desk_nominated = 单位推荐
desk_yes = 是
desk_no = 否
desk_tier = 抽签档位
desk_draw_rank = 抽签顺位
desk_mentor_preferences = 希望跟随的导师
desk_contact = 联系方式
desk_reveal_phone = 查看完整手机号
desk_reveal_phone_recorded = 完整手机号仅显示这一次，本次查看已记录在审核日志中。
desk_status_now = 当前状态
desk_offer_expires = 确认名额截止
desk_decline_reason = 放弃原因
desk_notes = 留言与备注
desk_note_shown = 给申请人的留言（申请人可见）
desk_internal_shown = 内部备注（仅工作人员可见）
desk_none = 无
desk_decide = 作出决定
desk_decide_hint = 决定会立即生效，并给申请人发送通知邮件（不含内部备注）。
desk_history = 处理记录
desk_when = 时间
desk_who = 操作人
desk_what = 事项
desk_h_submitted = 提交报名
desk_h_decide = 审核决定
desk_h_reveal_id = 查看完整身份证号
desk_h_reveal_phone = 查看完整手机号
desk_h_withdraw = 申请人撤回
desk_h_accept = 申请人确认名额
desk_h_decline = 申请人放弃名额
desk_h_offer = 发出录取名额
desk_h_offer_expired = 名额确认过期
desk_h_recover = 重新发送查询链接
desk_applicant = 申请人
desk_system = 系统
desk_decided = 已保存决定：{ $status }
desk_view = 详情

## The roster with contacts.
desk_contacts_title = 学员通讯录（含完整手机号和邮箱）
desk_contacts_warning = 这份名单含有学员的个人信息，仅用于联系学员。每次下载都会记录下载人、时间和条数。请勿转发，用完即删。
desk_contacts_download = 下载通讯录

## Charts.
desk_charts = 图表
desk_chart_attendance = 各课次出勤人数
desk_chart_scores = 各考核项平均得分率
desk_chart_risk = 出勤预警学员
desk_chart_employers = 报名人数（按工作单位）
desk_chart_outcomes = 报名人数（按结果）
desk_chart_empty = 还没有数据。
desk_col_item = 项目
desk_col_value = 数值
desk_risk_at_risk = 有预警
desk_risk_fine = 无预警

## Edit forms.
desk_edit = 修改
desk_edit_mentor = 修改导师信息
desk_edit_session = 修改或调整课次
desk_save = 保存
desk_session_move_hint = 名单确定后，修改时间、地点或名称会通知每位学员，并更新日历。
desk_mentor_saved = 已保存导师信息：{ $name }
desk_session_saved = 已保存课次：{ $title }
desk_cancel_edit = 不修改，返回
