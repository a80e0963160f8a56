## Column headers and sheet names of the exports
export_reference = Reference
export_name = Name
export_national_id = ID number
export_mobile = Mobile
export_email = Email
export_employer = Employer
export_trade = Trade
export_started_on = In the trade since
export_years_at_deadline = Years at the deadline
export_certificate_trade = Certificate trade
export_certificate_level = Certificate level
export_certificate_number = Certificate number
export_certificate_issued = Certificate issued on
export_processes = Processes
export_basis = Basis
export_status = Status
export_waitlist = Waitlist
export_decision_note = Note to the applicant
export_internal_note = Internal note
export_submitted_at = Submitted at
export_applications_title = Applications
export_no = No.
export_mentor = Mentor
export_contacts_title = Contacts

export_flagged = Flagged
export_completed = Completed
export_certificate = Certificate
export_not_assessed = not assessed
export_assessments = Assessments

export_yes = yes
export_answer_no = no
export_pass = pass
export_fail = fail
export_status_with_note = { $status }({ $note })
export_criterion_with_max = { $name }({ $max })
