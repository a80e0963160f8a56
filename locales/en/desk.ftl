## One application.
desk_app_title = Application
desk_back_to_review = Back to the applications
desk_facts = What the applicant gave
desk_trade = Trade
desk_no_certificate = No certificate given
desk_started_on = In the trade since
desk_years_at_deadline = Whole years at the deadline
desk_years_unit = { $years } years
desk_not_given = Not given
desk_processes = Welding processes
desk_basis = Qualifies by
desk_submitted_at = Submitted at
desk_nominated = Nominated by the employer
desk_yes = Yes
desk_no = No
desk_tier = Draw tier
desk_draw_rank = Draw rank
desk_mentor_preferences = Mentors asked for
desk_contact = Contact
desk_reveal_phone = Show full mobile number
desk_reveal_phone_recorded = The full mobile number is shown this once; the viewing has been recorded in the audit log.
desk_status_now = Status now
desk_offer_expires = Offer open until
desk_decline_reason = Reason for declining
desk_notes = Notes
desk_note_shown = Note to the applicant (the applicant reads it)
desk_internal_shown = Internal note (staff only)
desk_none = None
desk_decide = Decide
desk_decide_hint = The decision takes effect at once and mails the applicant (without the internal note).
desk_history = History
desk_when = When
desk_who = Who
desk_what = What
desk_h_submitted = Applied
desk_h_decide = Decision
desk_h_reveal_id = Viewed the full ID number
desk_h_reveal_phone = Viewed the full mobile number
desk_h_withdraw = Withdrawn by the applicant
desk_h_accept = Offer accepted
desk_h_decline = Offer declined
desk_h_offer = Place offered
desk_h_offer_expired = Offer lapsed
desk_h_recover = Status link sent again
desk_applicant = The applicant
desk_system = The system
desk_decided = Decision saved: { $status }
desk_view = Details

## The roster with contacts.
desk_contacts_title = Participants' contacts (full mobile numbers and email)
desk_contacts_warning = This list holds participants' personal data, for contacting them only. Each download records who, when and how many rows. Do not forward it; delete it when done.
desk_contacts_download = Download the contacts

## Charts.
desk_charts = Charts
desk_chart_attendance = Attendance by session
desk_chart_scores = Average score by rubric criterion
desk_chart_risk = Participants at risk
desk_chart_employers = Applicants by employer
desk_chart_outcomes = Applicants by outcome
desk_chart_empty = No data yet.
desk_col_item = Item
desk_col_value = Value
desk_risk_at_risk = At risk
desk_risk_fine = Not at risk

## Edit forms.
desk_edit = Edit
desk_edit_mentor = Edit the mentor
desk_edit_session = Edit or move the session
desk_save = Save
desk_session_move_hint = Once the roster is approved, a change of time, venue or title tells every participant and updates their calendars.
desk_mentor_saved = Mentor saved: { $name }
desk_session_saved = Session saved: { $title }
desk_cancel_edit = Back without changes
