recover_title = Get your application link again
recover_explain = Enter the ID number and mobile number you applied with. We will mail the link to each of your applications again, to the email address you gave.
recover_phone_hint = The 11-digit mobile number you applied with
recover_button = Send my links
recover_sent_title = Check your email
recover_sent_text = If the ID number and mobile number match an application, its link is on its way to the email address given when applying; it arrives within a few minutes.
recover_sent_hint = Nothing arrived? Look in your spam folder, or contact the organizers.
recover_link = Lost your link? Get it again with your ID number and mobile number
copy_link = Copy link
copied = Copied
link_also_mailed = This link has also been mailed to you: the link in the mail opens your application directly.
internal_note = Internal note (staff only)
internal_note_hint = Optional. Kept with the decision for colleagues; never sent to the applicant.
internal_note_short = Internal note
verify_not_found = No certificate has this code. Check the 12 characters printed on the certificate one by one: 0 and O, 1 and I are easily confused.
verify_link = Verify a certificate
outbox_link = Mail outbox
export_applications = Export applications

## Punctuation that differs between the languages.
colon = :{" "}
full_stop = .
paren_open = {" "}(
paren_close = )
beijing_time = {" "}(Beijing time)
error_prefix = Error:{" "}
error_title_prefix = Error ·{" "}
error_summary_title = There is a problem
optional = Optional
choose = Choose

## Cohorts, public.
places_left = Places left
opens_at = Applications open on
full_hint = All places are taken for now. You can still apply; the organizers may put you on the waiting list.
not_open_explain = This cohort is not taking applications now (closed or paused).
not_open_yet = Applications have not opened yet. They open on{" "}
see_open_cohorts = See other cohorts open for applications
back_to_cohort = Back to the cohort
key_facts = Key facts
application_window = Application period
dates = Training dates
trade = Trade
rules_note = Meeting any one of these is enough. When you apply, we check at once and tell you the result and why.
schedule = Timetable
schedule_open = applications open
schedule_close = applications close
schedule_start = training starts
schedule_end = training ends
schedule_note = The time of each session and your mentor are emailed to participants once the roster is final.
completion_title = To complete the course
completion_attendance = Attend at least
completion_and_pass = {" "}of the sessions and pass the final assessment.
max_points = Maximum points
pass_mark = Pass mark

## The application form.
apply_title = Apply
apply_intro = Answer every question unless it says “Optional”.
apply_about_you = 1. About you
full_name = Full name
full_name_hint = As on your ID card
national_id = National ID number
national_id_hint = 18 characters; the last may be X
phone = Mobile number
phone_hint = An 11-digit mainland mobile number
email_hint = We send the result and the joining details here
employer = Employer
employer_hint = The full name of the company you work for
apply_trade_section = 2. Your trade
started_trade_on = When you started working in this trade
started_trade_on_hint = Without a certificate, your years are counted from this date to the application deadline. If you are not sure of the day, use the 1st of the month.
apply_certificate_section = 3. Skill certificate
safety_licence_title = A special operations licence is not a skill certificate
safety_licence_text = The 特种作业操作证 (welding and thermal cutting) that welders hold is a safety licence, not a skill level. Do not enter it here: only a vocational qualification certificate or a skill level certificate counts.
has_certificate = Do you hold a skill certificate?
has_certificate_hint = A vocational qualification certificate or a skill level certificate. If you have several, give the highest.
yes_have_certificate = Yes – fill in the certificate below
no_certificate = No
certificate_trade = Certificate trade
certificate_level = Certificate level
certificate_level_hint = The level printed on it: 5 (beginner) to 1 (senior technician), or principal or chief technician
certificate_number = Certificate number
certificate_issued_on = Date of issue
processes_section = 4. Welding processes
processes = Which welding processes do you work in?
processes_hint = Tick all that apply; we use this to match you with a mentor
notice_language_section = 5. Language of notices
notice_language = Which language should our emails use?
consent_section = 6. Your personal data
consent_use = Your name, ID number, mobile number, email, employer and certificate are used by the organizers only to review your application, tell you the decision, run the training and verify your completion certificate.
consent_protect = Your ID number is stored encrypted. Lists, exports and notices show only part of your ID and mobile numbers, and every viewing of a full ID number is recorded.
consent_keep = This personal data is deleted a set time after the cohort ends.
consent_label = I have read this and agree to this use of my personal data
submit_application = Submit application

## Refusals.
why_not_eligible = Why
each_alternative_checked = We checked each way of qualifying:
the_rules_are = The entry requirements
ineligible_nothing_stored = Your application has not been saved and will not be reviewed.
ineligible_fix = Made a mistake? Correct it and submit again
duplicate_explain = Each person can apply once per cohort. The mail you got when applying has your link; if you cannot find it, get it again with your ID number and mobile number.

## The applicant's status.
submitted_title = Application submitted
verdict_eligible = You meet the entry requirements:{" "}
your_reference = Your reference
save_link_title = Save this link
save_link_explain = You need this link to follow or withdraw your application: copy it and keep it.
access_code = Access code
access_code_hint = The access code shown when you applied and in your mail: the part of your link after token=
status_title = Application status
status = Status
waitlist_position = Waiting list position
organizer_note = Note from the organizers
reference = Reference
reference_hint = For example GJ-2026-000123
workshop = Workshop
eligibility_basis = Qualifies by
submitted_at = Submitted
withdrawn_at = Withdrawn
cohort_status = Cohort status
about_cohort = About this cohort
calendar_title = Calendar of sessions
outbox = Notices sent
unsubscribe_title = Unsubscribe from announcements
unsubscribe_explain = Once unsubscribed, the organizer's announcements to this class no longer reach you; notices about your application, the start of the class and session changes still come.
unsubscribe_button = Unsubscribe
unsubscribe_done = Done: this class's announcements no longer reach you. Notices about your application and sessions still come.
calendar_subscribe = Subscribe on my phone
calendar_hint = Once subscribed, new, moved and cancelled sessions appear in your phone's calendar by themselves. If the button does not work, add this address as a subscribed calendar:
lookup_explain = Enter your reference and access code to see your application.
look_up = Look up
withdraw_title = Withdraw your application
withdraw_explain = You can withdraw before the training starts. It cannot be undone, and you cannot apply to this cohort again.
withdraw_button = Withdraw…
withdraw_confirm_title = Are you sure you want to withdraw?
withdraw_consequence = This cannot be undone, and you cannot apply to this cohort again.
withdraw_admitted_consequence = You have a place: if you withdraw, it goes to the next person on the waiting list.
withdraw_confirm_button = Yes, withdraw
keep_application = No, keep my application
withdraw_not_possible = This application cannot be withdrawn now.
back_to_status = Back to the application

## Staff: dashboard.
workshops = Workshops
new_workshop = New workshop
edit_workshop = Edit workshop
new_cohort = New cohort
edit_cohort = Edit cohort
no_cohorts_yet = No cohorts yet.
no_workshops_yet = No workshops yet. Press “New workshop” to start.
cohort = Cohort
count_pending = Pending
count_admitted = Admitted
count_waitlisted = Waitlisted
count_rejected = Not admitted
count_withdrawn = Withdrawn
actions = Actions
review = Review
edit = Edit
public_page = Public page
mentor_area = My participants
mentor_area_placeholder = Mentors' pages for participants, attendance and assessment are coming soon.
back_to_dashboard = Back to the dashboard
back_to_review = Back to the review page

## Staff: review.
review_applications = Review applications
cohort_lifecycle = Cohort stage
lifecycle_hint = Only the steps possible now are shown. Approving the roster makes it final and sends the joining notices.
cancel_explain = A cancelled cohort cannot be restored.
cancel_confirm = I confirm the cancellation
applications = Applications
all_statuses = All
search = Search
search_hint = Name, employer or reference
filter = Filter
no_applications = No applications match.
decision_note = Note to the applicant
decision_note_hint = Optional. The applicant reads it in the mail and on their status page.
admit_selected = Admit selected
waitlist_selected = Waitlist selected
reject_selected = Reject selected
roster_final = The roster is final; applications can no longer be decided.
select = Select
waitlist_short = Waitlist
basis_label = Qualifies by
admit = Admit
waitlist = Waitlist
reject = Reject
reveal_id = Show full ID
reveal_recorded = The full ID number is shown this once; the viewing has been recorded in the audit log.

## Staff: workshop and cohort forms.
workshop_title = Workshop title
workshop_title_hint = For example: Shaoxing advanced craftsman class (welding)
description = Description
description_hint = Optional. Shown on the cohort's page.
rules_mode = Applicants must have
rules_either = the certificate level or the years in the trade (either one)
rules_certificate_only = the certificate level only
rules_experience_only = the years in the trade only
rules_keep = Keep the current requirements
rule_certificate = Certificate
rule_experience = Years in the trade
min_level = Lowest certificate level
min_level_hint = This level or higher qualifies
min_years = Minimum years
min_years_hint = Whole years, counted to the application deadline
rubric = Assessment rubric
rubric_criteria = Criteria
rubric_hint = One criterion per row; blank rows are ignored. Leave the key blank to have one made for you.
criterion_name = Name
criterion_key = Key (optional)
pass_mark_hint = A total at or above this passes
completion_percent = Attendance needed to complete (%)
completion_percent_hint = 0 to 100; usually 80
create_workshop = Create workshop
save = Save changes
cohort_name = Cohort name
cohort_name_hint = For example: first cohort, autumn 2026
capacity_hint = How many people can be admitted
window_hint = In Beijing time
opens_at_label = Applications open
closes_at_label = Applications close
ends = Ends
venue_hint = The training site's name and address
create_cohort = Create cohort (as a draft)
msg-rules_no_alternative = This cohort has no entry rules yet, so nobody can apply
msg-rules_no_alternative-2 = The entry rules need at least one alternative
msg-rules_too_many_alternatives = The entry rules may have at most { $max_alternatives } alternatives
msg-rules_empty_alternative = Alternative { $n } of the entry rules has no conditions
msg-rules_too_many_conditions = Alternative { $n } may have at most { $max_conditions } conditions
msg-rules_level_invalid = Alternative { $n }: the minimum level must be a certificate level (1-5, principal or chief)
msg-rules_years_invalid = Alternative { $n }: the years of experience must be 0 to { $max_years }
msg-phone_invalid = Enter an 11-digit mainland China mobile number, e.g. 13912345678
msg-email_invalid = Enter a valid email address, e.g. name@example.com
msg-name_length = The name must be 2 to 40 characters long
msg-name_invalid = Enter the name as on the ID card; it cannot be only digits or symbols
msg-employer_length = The employer's name must be 2 to 80 characters long
msg-employer_invalid = Enter the employer's full name; it cannot be only digits or symbols
msg-id_length = The ID number must have 18 characters; the last may be X
msg-id_format = The ID number must be 17 digits followed by a digit or X; please check for typos
msg-id_birth_date = The birth date in the ID number (characters 7 to 14) is not a valid date; please check it
msg-id_check_digit = The ID number's check character does not match; please check each digit
msg-date_in_future = The date { $d } is after today ({ $today }); please check it
msg-level_invalid = The certificate level must be the number 1 to 5 printed on it, or principal or chief
msg-process_invalid = The welding process must be one of SMAW, GMAW, GTAW, FCAW or SAW
msg-trade_invalid = The trade must be a lower-case word such as welder
msg-date_invalid = Use the date format YYYY-MM-DD, e.g. 2016-03-01
msg-locale_invalid = The language must be zh or en
msg-consent_required = Please read and agree to the use of your personal data before you apply
msg-started_before_birth = The start date is before your date of birth; please check it
msg-started_trade_on_required = Enter the date you began working in the trade (without a certificate, your years in the trade decide)
msg-certificate_number_invalid = The certificate number must have at most 40 characters
msg-cohort_not_open = This cohort is not taking applications now (not open yet, or closed)
msg-duplicate = Someone with this ID number has already applied to this cohort
msg-cohort_full = All { $capacity } places are taken; you can waitlist the applicant instead
msg-note_too_long = The note must have at most 1000 characters
msg-changed_concurrently = Someone else just decided this application; reload and try again
msg-changed_concurrently-2 = The application just changed; reload and try again
msg-id_unavailable = This ID number has been purged or cannot be decrypted
msg-seats_invalid = Seats must be 1 to { $max_seats }
msg-status_invalid-2 = Unknown status
msg-too_many = At most 1000 applications at a time
msg-certificate_question_unanswered = Say whether you hold a skill certificate
msg-csrf_failed-2 = This page has expired; check your answers and submit again
msg-number_invalid = Enter a whole number of 0 or more, for example 30
msg-required-3 = Please fill this in
msg-date_invalid-2 = Choose a date (year-month-day)
msg-datetime_invalid = Choose a date and a time (Beijing time)

## Eligibility reasons with names put in
msg-certificate_missing = No { $trade } skill certificate was given ({ $need } or higher is required)
msg-certificate_wrong_trade = The certificate is for { $held }, but { ARTICLE($trade) } { $trade } certificate is required
msg-certificate_level_too_low = The { $trade } certificate is { $level }, but { $need } or higher is required
msg-experience_wrong_trade = Your trade is { $held }; only years working as { ARTICLE($trade) } { $trade } count
msg-experience_missing_start = The date you began working as { ARTICLE($trade) } { $trade } is missing
msg-experience_too_short = By the application deadline ({ $deadline }) you have { $have ->
        [one] 1 full year
       *[other] { $have } full years
    } as { ARTICLE($trade) } { $trade }; { $min_years } are required
msg-nominations_closed = The cohort is { $status }; no more nomination codes

## Nomination codes
msg-nomination_code_invalid-unknown = This nomination code is not valid; check the code your union gave you, or leave it empty
msg-nomination_code_invalid-used = This nomination code has already been used; each code is for one person
msg-nomination_code_invalid-other-employer = This nomination code belongs to another employer; check that your employer is written as your union wrote it
msg-nomination_code_invalid-just-used = This nomination code was just used; each code is for one person
msg-cursor_invalid = This page position is not valid; go back to the first page
msg-selection_changed = The matching applications changed while you were confirming; check the count again
msg-not_the_owner = Only the organizer who created this workshop can download the participants' contacts
msg-selection_required = Give the applications (application_ids) or a filter, one of the two
msg-expected_count_required = Before deciding all matching a filter, preview and send the confirmed count (expected_count)

## What happens next, on the status page
status_next_pending = You meet the entry requirements. The organizers are reviewing applications and will email you the result.
status_next_admitted = Congratulations, you have a place. Once the roster is final we will email you the schedule.
status_next_waitlisted_full = All places are taken and you are on the waiting list. When someone withdraws, the next on the list gets the place and is told.
status_next_waitlisted = You are on the waiting list. The organizers offer places in waiting-list order and will tell you.
status_next_rejected = Sorry, you were not admitted this time.
status_next_withdrawn = You have withdrawn this application.
status_next_offered = You have been offered a place. Accept or decline it before the deadline; if you do not answer in time, it goes to the next on the waiting list.
status_next_declined = You declined this place, or the time to accept it passed.

status_enter_both_the_reference_and = Enter both the reference and the access code
status_no_application_matches_check_the = No application matches; check the reference and the access code you saved when you applied
status_your_application_has_been_withdrawn = Your application has been withdrawn.

page_the_draw_ran_the_result = The draw ran; the result is public.
page_codes_issued = Codes issued.

page_organizers_review = Organizers review
page_a_public_draw_after_the = A public draw after the close
page_the_cohort_is_saved_as = The cohort is saved as a draft. When it looks right, press “Open applications”.
page_the_cohort_is_saved = The cohort is saved.

page_the_workshop_is_saved_now = The workshop is saved. Now open its first cohort.
page_the_workshop_is_saved = The workshop is saved.

page_attendance_saved = Attendance saved.

page_mentor_added = Mentor added:{" "}
page_mentor_removed_participants_to_pair = Mentor removed; participants to pair again:{" "}
page_every_participant_already_has_a = Every participant already has a mentor.
page_participants_paired = Participants paired:{" "}

page_session_added = Session added:{" "}
page_session_cancelled_and_participants_told = Session cancelled and participants told:{" "}

page_the_certificate_is_revoked = The certificate is revoked.

## Entry rules in words (the domain's conditions)
rules_none = (no entry rules set)
rules_and = {" "}and{" "}
rules_or = , or{" "}
rule_words_certificate = { ARTICLE($level) } { $level }{ $or_higher ->
        [yes] {" "}or higher
       *[no] {""}
    } { $trade } certificate
rule_words_experience = { $years ->
        [0] working as { ARTICLE($trade) } { $trade }
        [one] at least 1 year working as { ARTICLE($trade) } { $trade }
       *[other] at least { $years } years working as { ARTICLE($trade) } { $trade }
    }

## Why an application was refused, in a word
refusal_certificate_missing = no skill certificate
refusal_certificate_wrong_trade = a certificate of another trade
refusal_certificate_level_too_low = certificate level too low
refusal_experience_wrong_trade = experience in another trade
refusal_experience_missing_start = no start date in the trade
refusal_experience_too_short = too few years in the trade
refusal_other = another reason

## The grounds an applicant qualified on
basis_certificate = you hold a qualifying skill certificate
basis_experience = you have the required years in the trade
basis_other = you meet the requirement
basis_and = {" "}and{" "}
