bulk_confirm_admit = Admit { $count } and notify them
bulk_confirm_waitlist = Waitlist { $count } and notify them
bulk_confirm_reject = Mark { $count } as not admitted and notify them
rv_confirm_title = Confirm the decision
rv_confirm_explain = Nothing is changed and nothing is mailed until you confirm.
rv_confirm_capacity = { $count } places are left; those past the last place are not admitted, and the result says so.
rv_confirm_button = Confirm
rv_confirm_back = Go back without changes
rv_scope = Apply to
rv_scope_selected = The ticked applications
rv_scope_page = Everyone on this page ({ $count })
rv_scope_matching = All { $count } matching this filter
rv_sort = Sort by
rv_sort_submitted = Submitted (oldest first)
rv_sort_-submitted = Submitted (newest first)
rv_sort_name = Name
rv_sort_-name = Name (reversed)
rv_sort_employer = Employer
rv_sort_-employer = Employer (reversed)
rv_sort_years = Years in the trade (most first)
rv_sort_-years = Years in the trade (fewest first)
rv_tier = Draw tier
rv_tier_any = Any tier
rv_tier_1 = 1 (nominated)
rv_tier_2 = 2 (the others)
rv_nominated = Nomination
rv_nominated_any = All
rv_nominated_yes = Nominated
rv_nominated_no = Not nominated
rv_next = Next page
rv_prev = Previous page
rv_first = First page
rv_showing = { $total } match; { $count } on this page
rv_submitted_at = Submitted
rv_years = Years
rv_nominated_mark = nominated
rv_search_hint = Start of a name or employer, a reference, or the last 4 digits of a mobile
rv_pages = Pages

basis_short_certificate = certificate
basis_short_experience = years

review_tick_the_applications_first_then = Tick the applications first, then press a button
review_tick_i_confirm_the_cancellation = Tick “I confirm the cancellation” before cancelling the cohort

review_cohort_now = The cohort is now { $label }.

decided_admitted = Admitted { $n }
decided_waitlisted = Waitlisted { $n }
decided_rejected = Marked { $n } as not admitted
decided_not_admitted_full = { $k } not admitted because all places are taken ({ $list })
decided_not_changed = { $k } not changed: { $message } ({ $list })

## The review list's query, refused
msg-review_status_invalid = Unknown status
msg-review_control_character = The search holds an invisible control character
msg-review_tier_invalid = The draw tier is 1 (nominated) or 2 (the others)
msg-review_nominated_invalid = Nominated is yes or no
msg-review_sort_invalid = Sort by submitted, name, employer or years (a leading “-” reverses)
msg-review_limit_invalid = The page size is from 1 to 200
