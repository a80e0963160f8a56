# The shape checks of a JSON request body (web::shapes), one per kind of limit.
msg-text_too_short = At least { $min ->
    [one] { $min } character
   *[other] { $min } characters
}
msg-text_too_long = At most { $max ->
    [one] { $max } character
   *[other] { $max } characters
}
msg-items_too_few = At least { $min ->
    [one] { $min } item
   *[other] { $min } items
}
msg-items_too_many = At most { $max ->
    [one] { $max } item
   *[other] { $max } items
}
msg-number_too_small = Must be at least { $min }
msg-number_too_large = Must be at most { $max }
msg-pattern_mismatch = Not in the expected format
