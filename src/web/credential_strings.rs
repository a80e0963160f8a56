//! Page strings of signed certificates (key, Chinese, English), joined to the
//! shared table by `i18n::strings`. Keys start with `c_`.
pub const STRINGS: &[(&str, &str, &str)] = &[
    (
        "c_cert_revoked",
        "此证书已被撤销，不再有效",
        "This certificate has been withdrawn and is no longer valid",
    ),
    ("c_revoked_on", "撤销日期", "Withdrawn on"),
    ("c_revoked_reason", "撤销原因", "Reason"),
    (
        "c_signed_hint",
        "本证书另附数字签名凭证（W3C可验证凭证），可用公开密钥离线核验：",
        "This certificate also carries a signed credential (W3C Verifiable Credential) that anyone can check offline with the public keys:",
    ),
    ("c_revoke_title", "撤销证书", "Revoke the certificate"),
    (
        "c_revoke_explain",
        "证书发错时可撤销。撤销后核验页和接口都会显示“已撤销”及原因；此操作会被记录，不能恢复。",
        "Revoke a certificate issued in error. Its page and the API then show it as withdrawn, with the reason; this is recorded and cannot be undone.",
    ),
    ("c_revoke_button", "撤销这张证书", "Revoke this certificate"),
    ("c_qr_alt", "核验二维码", "QR code of the verification page"),
    (
        "c_scan_to_verify",
        "扫码或访问核验",
        "Scan or visit to verify",
    ),
    ("c_certificate", "结业证书", "Certificate"),
    (
        "c_download_explain",
        "您已获得结业证书。可下载带数字签名的电子凭证（.jwt 文件），交给用人单位或评价机构核验。",
        "You have a certificate of completion. Download its signed credential (a .jwt file) to give to an employer or assessor.",
    ),
    (
        "c_download_button",
        "下载电子凭证",
        "Download the credential",
    ),
    (
        "c_view_certificate",
        "查看证书核验页",
        "See the certificate's page",
    ),
    (
        "c_complete_confirm",
        "还有未上的课时，一并取消",
        "Cancel any sessions still to come",
    ),
];
