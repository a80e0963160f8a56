c_cert_revoked = 此证书已被撤销，不再有效
c_revoked_on = 撤销日期
c_revoked_reason = 撤销原因
c_signed_hint = 本证书另附数字签名凭证（W3C可验证凭证），可用公开密钥离线核验：
c_revoke_title = 撤销证书
c_revoke_explain = 证书发错时可撤销。撤销后核验页和接口都会显示“已撤销”及原因；此操作会被记录，不能恢复。
c_revoke_button = 撤销这张证书
c_qr_alt = 核验二维码
c_scan_to_verify = 扫码或访问核验
c_certificate = 结业证书
c_download_explain = 您已获得结业证书。可下载带数字签名的电子凭证（.jwt 文件），交给用人单位或评价机构核验。
c_download_button = 下载电子凭证
c_view_certificate = 查看证书核验页
c_complete_confirm = 还有未上的课时，一并取消
msg-sessions_to_come = 本期还有{ $n }次课未上。确认结业将取消这些课并通知学员；请确认后再提交（confirm: true）
msg-reason_invalid = 请写明撤销原因（不超过{ $reason_max_chars }字）
msg-already_revoked = 这张证书已经撤销

## The words inside a signed credential: bilingual, the same in both catalogs
vc_criteria = 出勤率不低于{ $pct }%，且结业考核总分不低于{ $pass }分（满分{ $max }分）。Attendance of at least { $pct }% and a final assessment of at least { $pass } of { $max } points.
vc_score_name = 结业考核总分 Final assessment score
vc_attendance_name = 出勤率 Attendance rate
vc_name = 结业证书 Certificate of Completion: { $title }
vc_description = { $title }（{ $cohort }）
