## CohortStatus
cohort-status-draft = draft
cohort-status-open = open for applications
cohort-status-closed = applications closed
cohort-status-approved = roster approved
cohort-status-running = running
cohort-status-completed = completed
cohort-status-cancelled = cancelled

## ApplicationStatus
application-status-pending = pending review
application-status-admitted = admitted
application-status-waitlisted = waitlisted
application-status-rejected = not admitted
application-status-withdrawn = withdrawn
application-status-offered = place offered
application-status-declined = offer declined

## AttendanceStatus
attendance-present = present
attendance-late = late
attendance-absent = absent
attendance-excused = excused

## WeldingProcess
process-smaw = shielded metal arc welding
process-gmaw = gas metal arc welding
process-gtaw = gas tungsten arc welding
process-fcaw = flux-cored arc welding
process-saw = submerged arc welding

## SkillLevel
level-apprentice = apprentice
level-beginner = beginner (level 5)
level-intermediate = intermediate (level 4)
level-advanced = advanced (level 3)
level-technician = technician (level 2)
level-senior-technician = senior technician (level 1)
level-principal = principal technician
level-chief = chief technician

## Trade
trade-welder = welder
trade-electrician = electrician
trade-fitter = fitter
trade-lathe-operator = lathe operator
trade-plumber = plumber
trade-mason = mason

## SessionKind
session-kind-theory = theory
session-kind-practical = practical
session-kind-assessment = assessment

## Kinds of notice, as the outbox names them
mail_kind_application_received = Application received
mail_kind_decision = Decision
mail_kind_promoted = Promoted from the waiting list
mail_kind_cohort_approved = Welcome
mail_kind_announcement = Announcement
mail_kind_session_added = Session added
mail_kind_session_changed = Session changed or cancelled
mail_kind_session_reminder = Session reminder
mail_kind_assessment_recorded = Assessment recorded
mail_kind_certificate_issued = Certificate issued
mail_kind_absence_warning = Absence warning
mail_kind_draw_outcome = Draw result
mail_kind_offer_lapsed = Offer lapsed
mail_kind_status_link = Status link
mail_kind_password_reset = Password reset

## States of a notice in the outbox
mail_status_queued = queued
mail_status_sending = sending
mail_status_sent = sent
mail_status_failed = failed
