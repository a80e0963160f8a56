sel_title = How places are given
nomination_code = Nomination code (optional)
nomination_code_hint = If your union nominated you, it gave you a code such as 7K3M-9QX2-ADFT; nominated applicants come first in a draw. Leave empty if you have none.
sel_mode = How places are decided
sel_mode_hint = When more may apply than there are places, a draw is fairer to shift workers who cannot apply the minute it opens. Fixed once applications open.
sel_quota = Places per employer at most (optional)
sel_quota_hint = Leave empty for no limit
sel_offer_hours = Hours to accept an offer
sel_offer_hours_hint = Those offered a place must accept within this time, or it goes to the waiting list; 48 by default
sel_commitment = Draw commitment
sel_commitment_explain = When applications opened the service fixed a random seed; this is its SHA-256. The seed is published with the draw, so anyone can check it matches and was not changed afterwards.
sel_see_draw = See the draw result
draw_title = Draw result
draw_seed = Seed
draw_drawn_at = Drawn at
draw_places = Places
draw_quota = At most per employer
draw_no_quota = no limit
draw_offered = Offered a place
draw_waitlisted = Waiting list
draw_rank = Rank
draw_reference = Reference
draw_tier = Tier
draw_ticket = Ticket
draw_outcome = Outcome
draw_how_title = How to check it yourself
draw_how_1 = 1. The SHA-256 of the seed must equal the commitment published while applications were open.
draw_how_2 = 2. Each application's ticket = SHA-256(seed + ":" + reference), in lower-case hex.
draw_how_3 = 3. Order by tier (1 = nominated, 2 = others), then by ticket: that is the rank.
draw_how_4 = 4. Walk the ranks giving places while places remain and the employer is under its quota; everyone else is waitlisted in that order.
draw_not_yet = This cohort has not drawn yet.
draw_run = Run the draw
draw_run_explain = The draw runs once, after applications close. The seed and the result are published at once and those offered a place are emailed.
draw_download_csv = Download the result (CSV)
offer_title = A place is offered to you
offer_deadline = Answer by
offer_accept = Accept the place
offer_decline = Decline
offer_decline_hint = Declining gives the place to the next on the waiting list at once; it cannot be undone.
offer_accepted = You have accepted the place.
offer_declined = You have declined the place.
your_draw = Your line in the draw
tier_1 = 1 (nominated)
tier_2 = 2
nominated_mark = nominated
refused_title = Attempts refused as ineligible
refused_total = Attempts refused
offers_open_title = Offers waiting for an answer
nominations_title = Nomination codes
nominations_issued = Issued
nominations_used = Used
nominations_print_hint = Hand each employer's codes to its union; each code is for one worker of that employer.
msg-selection_mode_invalid = The selection mode must be review or draw
msg-employer_quota_invalid = The quota per employer must be 1 to { $max_quota }, or empty for none
msg-offer_hours_invalid = The time to answer an offer must be 1 to { $max_offer_hours } hours
msg-no_offer = You have no place on offer to answer
msg-offer_expired = The time to accept has passed; the place goes to the next on the waiting list
msg-selection_by_draw = Places in this cohort are decided by a public draw; no decisions by hand before it
msg-offers_outstanding = { $open } offers are still open; approve once they are answered or lapse
msg-already_drawn = This cohort's draw has already run; it runs once
msg-not_draw_mode = This cohort selects by review, not by a draw
msg-changed_concurrently-6 = An application changed during the draw; try again
msg-invalid_transition-draw = The draw runs once applications are closed; the cohort is { $status }

## The draw result as a file
draw_col_rank = rank
draw_col_reference = reference
draw_col_tier = tier
draw_col_ticket = ticket
draw_col_outcome = outcome
draw_outcome_offered = offered
draw_outcome_waitlisted = waitlisted
draw_sheet_title = Draw

## How places are given, in words for the public page
selection_words = { $mode ->
        [draw] Places are limited: a public draw after applications close (nominated applicants first)
       *[review] Organizers review each application
    }{ $quota ->
        [-1] {""}
       *[other] ; at most { $quota } per employer
    }; an offered place must be accepted within { $hours } hours
