c_cert_revoked = This certificate has been withdrawn and is no longer valid
c_revoked_on = Withdrawn on
c_revoked_reason = Reason
c_signed_hint = This certificate also carries a signed credential (W3C Verifiable Credential) that anyone can check offline with the public keys:
c_revoke_title = Revoke the certificate
c_revoke_explain = Revoke a certificate issued in error. Its page and the API then show it as withdrawn, with the reason; this is recorded and cannot be undone.
c_revoke_button = Revoke this certificate
c_qr_alt = QR code of the verification page
c_scan_to_verify = Scan or visit to verify
c_certificate = Certificate
c_download_explain = You have a certificate of completion. Download its signed credential (a .jwt file) to give to an employer or assessor.
c_download_button = Download the credential
c_view_certificate = See the certificate's page
c_complete_confirm = Cancel any sessions still to come
msg-sessions_to_come = { $n } session(s) of this cohort are still to come. Completing it cancels them and tells the participants; confirm to go ahead (confirm: true)
msg-reason_invalid = Give the reason for the revocation (at most { $reason_max_chars } characters)
msg-already_revoked = This certificate is already revoked

## The words inside a signed credential: bilingual, the same in both catalogs
vc_criteria = 出勤率不低于{ $pct }%，且结业考核总分不低于{ $pass }分（满分{ $max }分）。Attendance of at least { $pct }% and a final assessment of at least { $pass } of { $max } points.
vc_score_name = 结业考核总分 Final assessment score
vc_attendance_name = 出勤率 Attendance rate
vc_name = 结业证书 Certificate of Completion: { $title }
vc_description = { $title }（{ $cohort }）
