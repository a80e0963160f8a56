# The shape checks of a JSON request body (web::shapes), one per kind of limit.
msg-text_too_short = 至少 { $min } 个字
msg-text_too_long = 最多 { $max } 个字
msg-items_too_few = 至少 { $min } 项
msg-items_too_many = 最多 { $max } 项
msg-number_too_small = 不能小于 { $min }
msg-number_too_large = 不能大于 { $max }
msg-pattern_mismatch = 格式不正确
